import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { sendLearningReminders } from '../../src/jobs/learning-reminders.ts';

// Reports, learning and oversight [000 §4, 001 art. 11.1, 002 §9, 004 §7–9]:
// counts from known data, anonymity of every export, the measures register,
// and the municipality's process view of its providers.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const SECRET = {
  name: 'Zwanette Quirijnsdochter',
  address: 'Geheimstraat 77, 9999 ZZ Nergenshuizen',
  text: 'xylofoonvoorval',
  wish: 'wensvanklager',
  respondent: 'Bartholomeus Verweerder',
};

async function file(cookie: string, organisationId: string, receivedAt: string, categories: string[], i: number) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId,
    kind: 'complaint',
    channel: 'email',
    receivedAt,
    categories,
    complainant: { name: `${SECRET.name} ${i}`, role: 'client', email: `zq${i}@example.org`, address: SECRET.address },
    respondents: [{ name: SECRET.respondent, department: 'Team Zuid' }],
    description: `Het ${SECRET.text} nummer ${i}.`,
    desiredOutcome: SECRET.wish,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; reference: string };
}

describe('annual and half-year reports', () => {
  it('match hand-counted figures, suppress 1–4 and what reveals them, and hold no person data in JSON, CSV or PDF', { timeout: 120_000 }, async () => {
    // dozens of cases through the API, then three formats
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', ['oversight']);
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'quality-officer'], { parentId: municipality.org.id });
    const officer = people['complaints-officer']!;
    // Six complaints about communication, received Monday 3 March 2025, decided unfounded 20 March and closed 21 March: 18 days.
    for (let i = 0; i < 6; i++) {
      const c = await file(officer.cookie, org.id, '2025-03-03', ['communication'], i);
      for (const e of [
        { type: 'acknowledged', on: '2025-03-05' },
        { type: 'admissibility-decided', admissible: true, on: '2025-03-06' },
        { type: 'hearing-skipped', ground: 'waived', on: '2025-03-07' },
        { type: 'decided', outcome: 'unfounded', motivation: `Motivering ${SECRET.text}`, recommendations: ['Vaker terugbellen'], on: '2025-03-20' },
        { type: 'closed', on: '2025-03-21' },
      ]) {
        const r = await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, e);
        expect(r.statusCode, `${e.type}: ${r.body}`).toBe(201);
      }
    }
    // Five open complaints about privacy and one about waiting time in May; one from 2024 that the 2025 report does not count.
    for (let i = 6; i < 11; i++) await file(officer.cookie, org.id, '2025-05-05', ['privacy'], i);
    await file(officer.cookie, org.id, '2025-05-06', ['waiting-time'], 11);
    await file(officer.cookie, org.id, '2024-12-30', ['privacy'], 12);

    const res = await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2025`, people['quality-officer']!.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const row = (table: { rows: { key: string; count: { value: number | null; suppressed: boolean } }[] }, key: string) => table.rows.find((x) => x.key === key)!.count;
    expect(r.totals.total).toEqual({ value: 12, suppressed: false });
    expect(row(r.totals, 'complaint')).toEqual({ value: 12, suppressed: false });
    expect(row(r.totals, 'compliment')).toEqual({ value: 0, suppressed: false });
    expect(row(r.byCategory, 'communication')).toEqual({ value: 6, suppressed: false });
    expect(row(r.byCategory, 'privacy')).toEqual({ value: 5, suppressed: false });
    expect(row(r.byCategory, 'waiting-time')).toEqual({ value: null, suppressed: true }); // 1: not traceable to a person [000 §4.1]
    expect(row(r.byOutcome, 'unfounded')).toEqual({ value: 6, suppressed: false });
    expect(row(r.byOutcome, 'none')).toEqual({ value: 6, suppressed: false });
    const lead = r.leadTimes.find((l: { kind: string }) => l.kind === 'complaint');
    expect(lead.closed).toEqual({ value: 6, suppressed: false });
    expect(lead.open).toEqual({ value: 6, suppressed: false });
    expect(lead.medianDays).toEqual({ value: 18, suppressed: false });
    expect(lead.p90Days).toEqual({ value: 18, suppressed: false });
    expect(r.recommendations).toEqual({ value: 6, suppressed: false });

    const half = (await get(t, `/api/v1/reports/half-year?organisationId=${org.id}&year=2025&half=1`, officer.cookie)).json();
    expect(half.period).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    expect(half.totals.total.value).toBe(12);

    const exports: string[] = [JSON.stringify(r), JSON.stringify(half)];
    for (const url of [
      `/api/v1/reports/annual?organisationId=${org.id}&year=2025&format=csv`,
      `/api/v1/reports/half-year?organisationId=${municipality.org.id}&year=2025&half=1&format=csv&includeProviders=true`,
    ]) {
      const csv = await get(t, url, url.includes(municipality.org.id) ? municipality.people.oversight!.cookie : officer.cookie);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      exports.push(csv.body);
    }
    const { PDFParse } = await import('pdf-parse');
    for (const url of [`/api/v1/reports/annual?organisationId=${org.id}&year=2025&format=pdf`, `/api/v1/reports/half-year?organisationId=${org.id}&year=2025&half=1&format=pdf`]) {
      const pdf = await get(t, url, officer.cookie);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = (await new PDFParse({ data: new Uint8Array(pdf.rawPayload) }).getText()).text;
      expect(text).toContain('Communicatie');
      exports.push(text);
    }
    for (const e of exports) {
      for (const s of [SECRET.name, 'Quirijnsdochter', 'Geheimstraat', 'Nergenshuizen', SECRET.text, SECRET.wish, SECRET.respondent, 'zq0@example.org']) {
        expect(e, `an export contains "${s}"`).not.toContain(s);
      }
    }
  });

  it('is refused to other organisations and to roles without a reporting task', async () => {
    const { org } = await setUpOrganisation(t, 'stadsring51', []);
    const other = await setUpOrganisation(t, 'stadsring51', ['quality-officer', 'employee']);
    expect((await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2025`, other.people['quality-officer']!.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/reports/annual?organisationId=${other.org.id}&year=2025`, other.people.employee!.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/reports/annual?organisationId=${other.org.id}&year=1999`, other.people['quality-officer']!.cookie)).statusCode).toBe(400);
  });
});

describe('measures [001 §9.IV–V, 002 §9.4, 004 §9]', () => {
  it('are registered from a recommendation with owner and due date, followed up with evidence, and owners are reminded when late', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['quality-officer', 'manager', 'employee']);
    const qo = people['quality-officer']!;
    const created = await post(t, '/api/v1/measures', qo.cookie, {
      organisationId: org.id,
      title: 'Terugbelbeleid invoeren',
      recommendation: 'Bel binnen twee dagen terug',
      ownerUserId: people.manager!.id,
      dueOn: '2026-01-15',
    });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ state: 'planned', late: true, caseReference: null });
    expect(
      (await post(t, '/api/v1/measures', people.employee!.cookie, { organisationId: org.id, title: 'x y z', ownerUserId: people.manager!.id, dueOn: '2026-01-15' })).statusCode,
    ).toBe(403);
    const late = (await get(t, `/api/v1/measures?organisationId=${org.id}&late=true`, qo.cookie)).json();
    expect(late.items.map((x: { id: string }) => x.id)).toEqual([m.id]);

    const sent = await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2026-02-01T10:00:00Z'));
    expect(sent.measures).toBeGreaterThanOrEqual(1);
    const mail = await t.database.db.selectFrom('outbox').select('subject').where('to_address', '=', people.manager!.email).execute();
    expect(mail.map((x) => x.subject)).toContain('Maatregel over de streefdatum: Terugbelbeleid invoeren');
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2026-02-02T10:00:00Z'));
    expect((await t.database.db.selectFrom('outbox').select('id').where('to_address', '=', people.manager!.email).execute()).length).toBe(mail.length);

    const noEvidence = await t.app.inject({ method: 'PATCH', url: `/api/v1/measures/${m.id}`, headers: { cookie: people.manager!.cookie }, payload: { state: 'done' } });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.message).toContain('evidence');
    const done = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/measures/${m.id}`,
      headers: { cookie: people.manager!.cookie },
      payload: { state: 'done', evidence: 'Werkinstructie 12 aangepast' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'done', late: false });
    expect(done.json().doneOn).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});

describe('oversight by the municipality [001 art. 11.1, §11.I]', () => {
  it('sees its providers’ process figures and late half-year reports, never case content', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', ['oversight']);
    const provider = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'quality-officer'], { parentId: municipality.org.id });
    const oversight = municipality.people.oversight!;
    const c = await file(provider.people['complaints-officer']!.cookie, provider.org.id, '2026-03-04', ['communication'], 42);

    const view = (await get(t, `/api/v1/oversight/providers?organisationId=${municipality.org.id}&year=2026`, oversight.cookie)).json();
    const p = view.items.find((x: { id: string }) => x.id === provider.org.id);
    expect(p).toMatchObject({ openCases: 1, overdueCases: 1 });
    // Before 1 July and before 1 December: the last days are 30 June and 30 November.
    expect(p.halfYearReports.map((h: { lastDay: string }) => h.lastDay)).toEqual(['2026-06-30', '2026-11-30']);
    // Today is past 30 June, so the first is late; the second is due by 30 November.
    const today = new Date().toISOString().slice(0, 10);
    expect(p.halfYearReports[0]).toMatchObject({ deliveredAt: null, late: today > '2026-06-30' });
    expect(p.halfYearReports[1]).toMatchObject({ deliveredAt: null, late: today > '2026-11-30' });

    const delivered = await post(t, '/api/v1/reports/half-year/deliver', provider.people['quality-officer']!.cookie, { organisationId: provider.org.id, year: 2026, half: 2 });
    expect(delivered.statusCode, delivered.body).toBe(201);
    // The provider sees its own deliveries and to whom they go.
    const own = (await get(t, `/api/v1/reports/half-year/deliveries?organisationId=${provider.org.id}&year=2026`, provider.people['quality-officer']!.cookie)).json();
    expect(own.items).toEqual([
      { half: 1, lastDay: '2026-06-30', deliveredAt: null },
      { half: 2, lastDay: '2026-11-30', deliveredAt: expect.any(String) },
    ]);
    const providerOrg = (await get(t, `/api/v1/organisations/${provider.org.id}`, provider.people['quality-officer']!.cookie)).json();
    expect(providerOrg.parentName).toBe(municipality.org.name);
    const after = (await get(t, `/api/v1/oversight/providers?organisationId=${municipality.org.id}&year=2026`, oversight.cookie)).json();
    const h2 = after.items.find((x: { id: string }) => x.id === provider.org.id).halfYearReports[1];
    expect(h2.deliveredAt).not.toBeNull();
    expect((await post(t, '/api/v1/reports/half-year/deliver', oversight.cookie, { organisationId: provider.org.id, year: 2026, half: 1 })).statusCode).toBe(403);

    // Every case-content route of its providers: 403 or 404.
    const doc = await t.database.db.selectFrom('documents').select('id').where('case_id', '=', c.id).executeTakeFirst();
    const attempts = [
      ['GET', `/api/v1/cases/${c.id}/notes`],
      ['GET', `/api/v1/cases/${c.id}/documents`],
      ['GET', `/api/v1/cases/${c.id}/documents/${doc?.id ?? 'x'}/content`],
      ['GET', `/api/v1/cases/${c.id}/letters`],
      ['POST', `/api/v1/cases/${c.id}/notes`],
      ['POST', `/api/v1/cases/${c.id}/events`],
      ['PATCH', `/api/v1/cases/${c.id}`],
      ['PATCH', `/api/v1/cases/${c.id}/documents/${doc?.id ?? 'x'}`],
    ] as const;
    for (const [method, url] of attempts) {
      const res = await t.app.inject({
        method,
        url,
        headers: { cookie: oversight.cookie },
        ...(method !== 'GET' && {
          payload:
            method === 'POST' && url.endsWith('events')
              ? { type: 'closed' }
              : method === 'POST'
                ? { text: 'x' }
                : url.includes('/documents/')
                  ? { shared: true }
                  : { categories: ['other'] },
        }),
      });
      expect([403, 404], `${method} ${url} → ${res.statusCode}`).toContain(res.statusCode);
    }
    const caseView = (await get(t, `/api/v1/cases/${c.id}`, oversight.cookie)).json();
    expect(caseView.view).toBe('process');
    expect(JSON.stringify(caseView)).not.toMatch(/Quirijnsdochter|xylofoon|Geheimstraat|Verweerder/);
    const search = (await get(t, `/api/v1/cases?q=xylofoonvoorval`, oversight.cookie)).json();
    expect(search.items).toEqual([]);
  });
});

describe('half-year reminders [001 art. 11.1]', () => {
  it('remind a provider two weeks before the last day, once, unless delivered', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', []);
    const provider = await setUpOrganisation(t, 'wkkgz', ['quality-officer'], { parentId: municipality.org.id });
    const qo = provider.people['quality-officer']!;
    const count = async () =>
      (await t.database.db.selectFrom('outbox').select('subject').where('to_address', '=', qo.email).execute()).filter((m) => m.subject.startsWith('Halfjaarrapportage')).length;
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-06-10T08:00:00Z'));
    expect(await count()).toBe(0); // more than two weeks before 30 June
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-06-20T08:00:00Z'));
    expect(await count()).toBe(1);
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-06-21T08:00:00Z'));
    expect(await count()).toBe(1);
  });
});

describe('trends per month (dashboard)', () => {
  it('counts received cases per month and suppresses a small month together with another, so the year total reveals nothing', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    for (let i = 0; i < 6; i++) await file(officer.cookie, org.id, '2025-02-10', ['communication'], 100 + i);
    for (let i = 0; i < 5; i++) await file(officer.cookie, org.id, '2025-04-10', ['communication'], 200 + i);
    await file(officer.cookie, org.id, '2025-09-10', ['communication'], 300);
    const r = (await get(t, `/api/v1/reports/trends?organisationId=${org.id}&year=2025`, officer.cookie)).json();
    const m = Object.fromEntries(r.months.map((x: { month: string; received: unknown }) => [x.month, x.received]));
    expect(r.totals.received).toEqual({ value: 12, suppressed: false });
    expect(m['2025-09']).toEqual({ value: null, suppressed: true }); // 1
    // 12 − 6 − 5 would give September away: one of the others is hidden too.
    expect([m['2025-02'], m['2025-04']].filter((c: { suppressed: boolean }) => c.suppressed)).toHaveLength(1);
    expect(m['2025-01']).toEqual({ value: 0, suppressed: false });
  });
});
