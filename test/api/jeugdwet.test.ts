import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

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
    const c = (await post(t, '/api/v1/cases', manager.cookie, {
      organisationId: org.id, kind: 'complaint', level: 'manager', channel: 'post', receivedAt: '2026-01-12',
      complainant: { name: 'F. Bakker', role: 'client' }, description: 'Afspraken niet nagekomen.', knownSince: '2026-01-05',
    })).json();
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

    const m = await post(t, '/api/v1/measures', qo.cookie, { organisationId: org.id, caseId: c.id, title: 'Vaste contactpersoon per cliënt', ownerUserId: manager.id, dueOn: '2027-01-01' });
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
