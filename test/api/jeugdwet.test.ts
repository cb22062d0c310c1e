import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { sendLearningReminders } from '../../src/jobs/learning-reminders.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('Jeugdwet: measures stated within one month of the committee’s opinion (Jeugdwet 4.2.1) [002 §3.3]', () => {
  it('lists each committee opinion with its due date; late until measures are registered for the case', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager', 'committee-member', 'quality-officer']);
    const manager = people.manager!;
    const member = people['committee-member']!;
    const c = (
      await post(t, '/api/v1/cases', manager.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        level: 'manager',
        channel: 'post',
        receivedAt: '2026-01-12',
        complainant: { name: 'F. Bakker', role: 'client' },
        description: 'Afspraken niet nagekomen.',
        knownSince: '2026-01-05',
      })
    ).json();
    const ev = async (cookie: string, e: Record<string, unknown>) => {
      const r = await post(t, `/api/v1/cases/${c.id}/events`, cookie, e);
      expect(r.statusCode, `${String(e.type)}: ${r.body}`).toBe(201);
    };
    await ev(manager.cookie, { type: 'mediation', agreements: 'Wekelijks bellen.', on: '2026-01-20' });
    await ev(manager.cookie, { type: 'decided', outcome: 'resolved', motivation: 'Opgelost met afspraken.', on: '2026-01-27' });
    await ev(manager.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-02-16' });
    await ev(member.cookie, { type: 'contacted', on: '2026-02-18' });
    await ev(member.cookie, { type: 'hearing-scheduled', at: '2026-03-10T13:00:00+01:00', on: '2026-02-20' });
    await ev(member.cookie, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-03-10' });
    await ev(member.cookie, { type: 'decided', outcome: 'well-founded', motivation: 'Niet nagekomen.', recommendations: ['Vaste contactpersoon'], on: '2026-03-31' });

    const qo = people['quality-officer']!;
    const before = (await get(t, `/api/v1/measures/statements?organisationId=${org.id}`, qo.cookie)).json();
    // The manager's decision is not a committee opinion; the committee's of 31 March is: due 30 April (month end).
    expect(before.items).toEqual([{ caseId: c.id, reference: c.reference, opinionOn: '2026-03-31', dueOn: '2026-04-30', stated: false, late: true, source: 'Jeugdwet 4.2.1' }]);

    const m = await post(t, '/api/v1/measures', qo.cookie, {
      organisationId: org.id,
      caseId: c.id,
      title: 'Vaste contactpersoon per cliënt',
      ownerUserId: manager.id,
      dueOn: '2027-01-01',
    });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.json().caseReference).toBe(c.reference);
    const after = (await get(t, `/api/v1/measures/statements?organisationId=${org.id}`, qo.cookie)).json();
    // Registered today, after the due date: stated, but late.
    expect(after.items[0]).toMatchObject({ stated: true, late: true });
  });

  it('does not apply to a regulation without the Jeugdwet', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['quality-officer']);
    expect((await get(t, `/api/v1/measures/statements?organisationId=${org.id}`, people['quality-officer']!.cookie)).json().items).toEqual([]);
  });
});

describe('Jeugdwet: the annual report is public before 1 June (Jeugdwet 4.3.1) [002 §9.5]', () => {
  it('reminds two weeks before 31 May until the report over the year before is published, then anyone can read it', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['quality-officer']);
    const qo = people['quality-officer']!;
    const reminders = async () =>
      (await t.database.db.selectFrom('outbox').select('subject').where('to_address', '=', qo.email).execute()).filter((m) => m.subject.startsWith('Jaarverslag klachten 2026'));
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-05-10T08:00:00Z'));
    expect(await reminders()).toHaveLength(0); // more than two weeks before 31 May
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-05-20T08:00:00Z'));
    expect((await reminders()).map((m) => m.subject)).toEqual(['Jaarverslag klachten 2026: uiterlijk 2027-05-31 openbaar maken']);

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}/annual-report?year=2026` })).statusCode).toBe(404);
    const published = await post(t, '/api/v1/reports/annual/publish', qo.cookie, { organisationId: org.id, year: 2026 });
    expect(published.statusCode, published.body).toBe(201);
    const status = (await get(t, `/api/v1/reports/half-year/deliveries?organisationId=${org.id}&year=2026`, qo.cookie)).json();
    expect(status.annual.publishedAt).toEqual(expect.any(String));
    expect(status.annual.publicUrl).toContain(`/public/organisations/${org.slug}/annual-report?year=2026`);
    const open = await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}/annual-report?year=2026` });
    expect(open.statusCode).toBe(200);
    expect(open.json().period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}/annual-report?year=2026&format=pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('a regulation without a public annual report date sends no such reminder', async () => {
    const { people } = await setUpOrganisation(t, 'stadsring51', ['quality-officer']);
    await sendLearningReminders(t.database.db, 'http://kw.test', new Date('2027-05-20T08:00:00Z'));
    const mails = await t.database.db.selectFrom('outbox').select('subject').where('to_address', '=', people['quality-officer']!.email).execute();
    expect(mails).toEqual([]);
  });
});
