import { verifyChain } from '../../src/core/audit/verify.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { monitorDeadlines } from '../../src/jobs/deadline-monitor.ts';
import { destroyExpiredDossiers } from '../../src/jobs/retention.ts';
import { amsterdamDate } from '../../src/domain/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const at = (date: string) => new Date(`${date}T09:00:00+01:00`);

describe('deadline monitor', () => {
  it('reminds the handler before a deadline and alerts once when it is missed [004 §6.3]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = (
      await post(t, '/api/v1/cases', officer.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-03-04',
        complainant: { name: 'D. Smit', role: 'client' },
        description: 'Niemand nam op.',
      })
    ).json();
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: officer.id } });
    const mails = async () =>
      t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('case_id', '=', c.id).where('to_address', '=', officer.email).execute();

    // Acknowledgement due 2026-03-11 (one week [004 §6.3]); two working days before: Monday 9 March.
    expect(await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-06'))).toMatchObject({ reminded: 0 });
    await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-09'));
    expect((await mails()).filter((m) => m.subject.startsWith('Herinnering: ontvangstbevestiging'))).toHaveLength(1);
    await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-10'));
    expect((await mails()).filter((m) => m.subject.startsWith('Herinnering'))).toHaveLength(1);

    await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-12'));
    await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-13'));
    const alerts = (await mails()).filter((m) => m.subject.startsWith('Termijn verstreken: ontvangstbevestiging'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).not.toContain('Niemand nam op'); // no content in mails to staff
    const row = await t.database.db.selectFrom('case_deadlines').select('status').where('case_id', '=', c.id).where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(row.status).toBe('missed');
  });
});

describe('signals reach the municipality at once [001 §11.VI]', () => {
  it('an anonymous report at a provider becomes a signal and the overseeing municipality is mailed, without content', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', ['oversight']);
    const provider = await setUpOrganisation(t, 'wkkgz', ['complaints-officer'], { parentId: municipality.org.id });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: provider.org.slug, kind: 'complaint', description: 'In de wachtkamer wordt hardop over cliënten gepraat.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().kind).toBe('signal');
    // At once: the case and its mails are written the moment the intake inbox is settled (within 5 ms on an idle server).
    await t.app.settleIntake();
    const mail = await t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('to_address', '=', municipality.people.oversight!.email).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(res.json().reference);
    expect(mail[0]!.body).not.toContain('wachtkamer');
  });
});

describe('retention [000 §3.8]', () => {
  it('destroys the dossier 5 years after closing, and not a day before; the anonymous skeleton stays for reports', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = (
      await post(t, '/api/v1/cases', officer.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: amsterdamDate(new Date()),
        complainant: { name: 'E. Visser', role: 'client', email: 'e.visser@example.org' },
        description: 'Geheim verhaal over mijn situatie.',
      })
    ).json();
    await post(t, `/api/v1/cases/${c.id}/notes`, officer.cookie, { text: 'Interne notitie' });
    const w = await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'withdrawn' });
    expect(w.statusCode, w.body).toBe(201);
    const closed = await t.database.db.selectFrom('cases').select(['closed_at', 'retain_until']).where('id', '=', c.id).executeTakeFirstOrThrow();
    const closedOn = amsterdamDate(closed.closed_at!);
    const fiveYears = `${Number(closedOn.slice(0, 4)) + 5}${closedOn.slice(4)}`;
    expect(closed.retain_until).toBe(fiveYears);

    const dayBefore = new Date(`${fiveYears}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    await destroyExpiredDossiers(t.database.db, dayBefore);
    expect((await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).statusCode).toBe(200);

    expect(await destroyExpiredDossiers(t.database.db, new Date(`${fiveYears}T12:00:00Z`))).toBeGreaterThanOrEqual(1);
    expect((await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).statusCode).toBe(404);
    const row = await t.database.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.kind).toBe('complaint');
    expect(row.destroyed_at).not.toBeNull();
    expect(JSON.stringify(row)).not.toMatch(/Visser|Geheim|e\.visser/);
    const left = await Promise.all(
      (['documents', 'case_notes', 'case_parties', 'letters', 'outbox', 'case_search'] as const).map((tbl) =>
        t.database.db
          .selectFrom(tbl)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('case_id', '=', c.id)
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(left.map((r) => Number(r.n))).toEqual([0, 0, 0, 0, 0, 0]);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toContain('case.dossier-destroyed');
    // The trail proves what was destroyed by its hash, keeps none of it, and still verifies (issue 10 §3).
    const destroyed = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('entity_id', '=', c.id)
      .where('action', '=', 'case.dossier-destroyed')
      .executeTakeFirstOrThrow();
    const details = JSON.parse(destroyed.details!);
    expect(details).toMatchObject({ contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/), counts: { notes: 1, case: 1 } });
    expect(destroyed.details).not.toMatch(/Visser|Geheim|e\.visser/);
    const v = await verifyChain(t.database.db, { key: Buffer.from('k'.repeat(32)), checkpointFile: '/nonexistent/audit-checkpoints.jsonl' });
    expect(v.problems).toEqual([]);
  });
});
