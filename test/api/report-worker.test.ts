import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { reportFor, reportRunner } from '../../src/server/reports/reports.service.ts';
import { buildReport, reportCaseFrom, reportPeriod, amsterdamDate, ReportTally, type CaseState } from '../../src/domain/index.ts';
import { getRegulation } from '../../src/server/regulations/regulations.service.ts';

// Reports run in a worker thread with its own connection (issue 14): the same
// report as inline, counted month by month.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Files a complaint by post received on `day` and, when asked, withdraws it (the case ends). */
async function fileComplaint(cookie: string, organisationId: string, day: string, name: string, description: string, withdraw: boolean): Promise<string> {
  const c = await post(t, '/api/v1/cases', cookie, { organisationId, kind: 'complaint', channel: 'post', receivedAt: day, complainant: { name, role: 'client' }, description });
  expect(c.statusCode, c.body).toBe(201);
  if (withdraw) expect((await post(t, `/api/v1/cases/${c.json().id}/events`, cookie, { type: 'withdrawn' })).statusCode).toBe(201);
  return c.json().id as string;
}

describe('report worker', () => {
  it('gives the same annual report as the request thread, over cases in several months [000 §4]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const year = new Date().getUTCFullYear();
    for (const [i, day] of [`${year}-01-05`, `${year}-01-31`, `${year}-02-01`, `${year}-03-15`, `${year}-03-16`, `${year}-03-17`].entries()) {
      if (day > new Date().toISOString().slice(0, 10)) continue;
      await fileComplaint(cookie, org.id, day, `R. Maand ${i}`, 'Brief kwam niet aan.', i % 2 === 0);
    }
    const runner = reportRunner(t.database.config, 1000);
    try {
      const inWorker = await runner.run([org.id], reportPeriod(year), false);
      const inline = await reportFor(t.database.db, [org.id], reportPeriod(year), false);
      expect(inWorker).toEqual(inline);
      expect(inWorker.totals.total).toEqual(inline.totals.total);
      const half = await runner.run([org.id], reportPeriod(year, 1), false);
      expect(half.period).toEqual({ from: `${year}-01-01`, to: `${year}-06-30` });
    } finally {
      await runner.close();
    }
  });

  it("a report too large for the worker's capped heap runs again without the cap, and is not lost", async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const year = new Date().getFullYear() - 1;
    await fileComplaint(people['complaints-officer']!.cookie, org.id, `${year}-03-04`, 'R. Kap', 'Brief kwam niet aan.', false);
    // A heap of 4 MB holds no report: the worker runs out of memory while it loads.
    const runner = reportRunner(t.database.config, 1000, 4);
    try {
      const [a, b] = await Promise.all([runner.run([org.id], reportPeriod(year), false), runner.run([org.id], reportPeriod(year, 1), false)]);
      expect(a).toEqual(await reportFor(t.database.db, [org.id], reportPeriod(year), false));
      expect(b.period).toEqual({ from: `${year}-01-01`, to: `${year}-06-30` });
      // And the next one too.
      expect((await runner.run([org.id], reportPeriod(year), false)).totals).toEqual(a.totals);
    } finally {
      await runner.close();
    }
  });

  it('a failing report rejects its request, and the next one works', async () => {
    const runner = reportRunner(t.database.config, 1000);
    try {
      await expect(runner.run(['x'], { from: '2026-02-01', to: '2026-01-01' }, false)).rejects.toThrow(/period ends/);
      const ok = await runner.run(['x'], reportPeriod(2026), false);
      expect(ok.totals.total?.value).toBe(0);
    } finally {
      await runner.close();
    }
  });

  it('counts closed cases from their columns and settled deadlines exactly as the domain counts them from their state [000 §4]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const year = new Date().getUTCFullYear();
    const ev = async (id: string, body: object) => {
      const r = await post(t, `/api/v1/cases/${id}/events`, officer.cookie, body);
      expect(r.statusCode, r.body).toBe(201);
    };
    const today = amsterdamDate(new Date());
    // Enough cases that the figures are published (5 or more), so a difference would show.
    const days = Array.from({ length: 18 }, (_, i) => new Date(Date.UTC(year, 0, 6 + 7 * i)).toISOString().slice(0, 10)).filter((d) => d <= today);
    for (const [i, day] of days.entries()) {
      const c = (
        await post(t, '/api/v1/cases', officer.cookie, {
          organisationId: org.id,
          kind: 'complaint',
          channel: 'post',
          receivedAt: day,
          complainant: { name: `S. Telling ${i}`, role: 'client' },
          description: 'Geen terugbelafspraak.',
          categories: i % 2 ? ['communication'] : ['treatment', 'waiting-time'],
        })
      ).json();
      if (i % 3 === 0) continue; // stays open
      await ev(c.id, { type: 'acknowledged' });
      if (i % 3 === 1) {
        await ev(c.id, { type: 'withdrawn' });
        continue;
      }
      await ev(c.id, { type: 'hearing-skipped', ground: 'waived' });
      await ev(c.id, { type: 'decided', outcome: 'well-founded', motivation: 'Terecht.', ...(i % 2 === 0 && { recommendations: ['Bel terug.'] }) });
      await ev(c.id, { type: 'closed' });
    }
    const period = reportPeriod(year);
    const fast = await reportFor(t.database.db, [org.id], period, false);
    // The domain over every case's state, as reports were made before.
    const rows = await t.database.db
      .selectFrom('cases')
      .select(['organisation_id', 'regulation_id', 'regulation_version', 'state', 'categories'])
      .where('organisation_id', '=', org.id)
      .execute();
    const reg = (await getRegulation(t.database.db, 'stadsring51'))!.regulation;
    const cases = rows.map((r) => reportCaseFrom(reg, JSON.parse(r.state) as CaseState, { organisationId: r.organisation_id, categories: JSON.parse(r.categories), today }));
    expect(fast.leadTimes.find((l) => l.kind === 'complaint')!.medianDays.suppressed).toBe(false);
    expect(fast).toEqual(buildReport({ period, cases, measures: [], today }));
  });
});

describe('kept counts of closed months (issue 14)', () => {
  it('are used again while true, and every change to a closed case, by any path, makes the next report count it again [000 §4]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const year = new Date().getUTCFullYear() - 1;
    const ids: string[] = [];
    for (const [i, day] of [`${year}-02-03`, `${year}-02-10`, `${year}-02-17`, `${year}-02-24`, `${year}-02-25`, `${year}-02-26`, `${year}-03-02`].entries()) {
      ids.push(await fileComplaint(cookie, org.id, day, `K. Maand ${i}`, 'Afspraak vergeten.', i < 6));
    }
    const db = t.database.db;
    const period = reportPeriod(year);
    const fresh = async () => {
      await db.deleteFrom('report_tallies').where('organisation_id', '=', org.id).execute();
      return reportFor(db, [org.id], period, false);
    };
    const first = await reportFor(db, [org.id], period, false);
    const kept = await db.selectFrom('report_tallies').select(['month', 'generation']).where('organisation_id', '=', org.id).orderBy('month').execute();
    expect(kept.map((k) => k.month)).toEqual(Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`));
    expect(first.totals.total?.value).toBe(7);
    // Kept counts give the same report as counting again.
    expect(await reportFor(db, [org.id], period, false)).toEqual(first);
    expect(await fresh()).toEqual(first);

    // A closed case changed behind the API's back (a repair in SQL): its month is counted again.
    await reportFor(db, [org.id], period, false);
    await db
      .updateTable('cases')
      .set({ categories: JSON.stringify(['privacy']) })
      .where('id', '=', ids[0]!)
      .execute();
    const afterCategory = await reportFor(db, [org.id], period, false);
    expect(afterCategory).toEqual(await fresh());
    expect(afterCategory).not.toEqual(first);

    // A settled deadline of a closed case changes: so does the report.
    await reportFor(db, [org.id], period, false);
    const d = await db.selectFrom('case_deadlines').select(['idx', 'status']).where('case_id', '=', ids[1]!).executeTakeFirst();
    if (d) {
      await db
        .updateTable('case_deadlines')
        .set({ status: d.status === 'met' ? 'missed' : 'met' })
        .where('case_id', '=', ids[1]!)
        .where('idx', '=', d.idx)
        .execute();
      const afterDeadline = await reportFor(db, [org.id], period, false);
      expect(afterDeadline).toEqual(await fresh());
    }

    // The open case closes through the API: counted as closed at once, by the kept months too.
    await reportFor(db, [org.id], period, false);
    expect((await post(t, `/api/v1/cases/${ids[6]}/events`, cookie, { type: 'withdrawn' })).statusCode).toBe(201);
    const afterClose = await reportFor(db, [org.id], period, false);
    expect(afterClose).toEqual(await fresh());
    expect(afterClose.leadTimes).not.toEqual(afterCategory.leadTimes);

    // Deleted kept rows and a generation ahead of them are both recounted, never trusted.
    await db
      .updateTable('report_tallies')
      .set({ counts: JSON.stringify({ counts: new ReportTally(period).toCounts(), referralLabels: {} }), generation: -1 })
      .where('organisation_id', '=', org.id)
      .execute();
    expect(await reportFor(db, [org.id], period, false)).toEqual(afterClose);
  });
});
