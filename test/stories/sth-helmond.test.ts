import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { event, getCase, letterKeys, letters, letterText, nl } from './story.ts';

// Sociale Teams Helmond [002]: dissatisfaction is talked through with the
// employee; when that does not solve it, it becomes a complaint for the manager
// (mediation, agreements recorded), then the independent committee of Zorgbelang.
// Anonymous complaints are signals; 6 months to complain (2 years for sexual
// harassment); a complainant unreachable for 2 months ends the case; a withdrawal
// is confirmed in writing.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Sanne Verhoeven', role: 'client', email: 'sanne@example.org', address: 'Kerkstraat 8, 5701 PN Helmond' };

async function complaintAtManager(orgId: string, cookie: string, extra: Record<string, unknown> = {}) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: orgId,
    kind: 'complaint',
    channel: 'email',
    complainant,
    description: 'Mijn hulpverlener deelde zonder te vragen informatie met mijn werkgever.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('Sociale Teams Helmond story [002]', () => {
  it('turns unsolved dissatisfaction into a complaint for the manager, mediates, then goes to Zorgbelang and closes [002 §6–7, §8]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager', 'employee', 'committee-member']);
    const manager = people.manager!;
    const employee = people.employee!;
    const member = people['committee-member']!;

    // Dissatisfaction voiced to the employee by phone on Monday 12 January 2026 [002 §6A].
    const created = await post(t, '/api/v1/cases', manager.cookie, {
      organisationId: org.id,
      kind: 'dissatisfaction',
      channel: 'phone',
      receivedAt: '2026-01-12',
      complainant,
      respondents: [{ userId: employee.id, department: 'Sociaal team Noord' }],
      description: 'Mijn hulpverlener kwam niet terug op wat we hadden afgesproken.',
      knownSince: '2026-01-05',
      categories: ['agreements-not-kept'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ kind: 'dissatisfaction', level: 'work-floor', status: 'received' });
    // Within 6 months of knowing [002 §5.7].
    expect(c.admissibility.proposal).toBe('admissible');
    // The work floor has no formal terms and sends no letters.
    expect(c.deadlines).toEqual([]);
    await event(t, c.id, manager.cookie, { type: 'contacted', note: 'Medewerker heeft met klant gesproken.', on: '2026-01-13' });
    // Mediation by the manager is not a work-floor step [002 §4.1, §7].
    await event(t, c.id, manager.cookie, { type: 'mediation', agreements: 'x', on: '2026-01-14' }, 409);

    // No satisfying solution: the client asks for a talk with the manager. That is the complaint [002 §4.4, §6A.3, §7].
    const complaint = await event(t, c.id, manager.cookie, { type: 'escalated', toLevel: 'manager', on: '2026-01-20' });
    expect(complaint).toMatchObject({ id: c.id, reference: c.reference, kind: 'complaint', reclassifiedFrom: 'dissatisfaction', level: 'manager', status: 'received' });
    const mediated = await event(t, c.id, manager.cookie, {
      type: 'mediation',
      on: '2026-01-27',
      agreements: 'Hulpverlener belt elke vrijdag; de leidinggevende controleert dit over een maand. Secretaris Klachten geïnformeerd.',
    });
    expect(mediated.status).toBe('in-progress');
    expect(mediated.events.at(-1)).toMatchObject({ type: 'mediation', data: { agreements: expect.stringContaining('elke vrijdag') } });
    const decided = await event(t, c.id, manager.cookie, {
      type: 'decided',
      outcome: 'resolved',
      motivation: 'Met de gemaakte afspraken is de klacht opgelost.',
      on: '2026-02-03',
    });
    expect(decided.status).toBe('decided');
    // The manager's written outcome points to the committee of Zorgbelang [002 §7, §6C.3 note 1].
    const ls = await letters(t, c.id, manager.cookie);
    expect(letterKeys(ls)).toEqual(['decision:complainant']);
    const text = await letterText(t, c.id, manager.cookie, ls[0]);
    expect(text).toContain('Sanne Verhoeven');
    expect(text).toContain(c.reference);
    expect(text).toContain('opgelost');
    expect(text).toContain('Zorgbelang');
    expect(text).toContain('zorgbelang.nl/onafhankelijke-klachtencommissie');

    // The agreements were not kept: on to the committee, with the dossier [002 §8].
    expect((await get(t, `/api/v1/cases/${c.id}`, member.cookie)).statusCode).toBe(404);
    const atCommittee = await event(t, c.id, manager.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-02-16' });
    expect(atCommittee).toMatchObject({ id: c.id, kind: 'complaint', level: 'committee', status: 'received' });
    const seen = await getCase(t, c.id, member.cookie);
    expect(seen.events.map((e: { type: string }) => e.type)).toEqual(['received', 'contacted', 'escalated', 'mediation', 'decided', 'escalated']);
    await event(t, c.id, member.cookie, { type: 'contacted', on: '2026-02-18' });
    await event(t, c.id, member.cookie, { type: 'hearing-scheduled', at: '2026-03-10T13:00:00+01:00', on: '2026-02-20' });
    await event(t, c.id, member.cookie, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-03-10' });
    expect((await event(t, c.id, member.cookie, { type: 'decided', outcome: 'well-founded', motivation: 'Afspraken zijn niet nagekomen.', on: '2026-03-30' })).status).toBe(
      'decided',
    );
    const closed = await event(t, c.id, member.cookie, { type: 'closed', on: '2026-03-31' });
    expect(closed).toMatchObject({ status: 'closed', level: 'committee' });
  });

  it('treats an anonymous complaint as a signal for quality improvement, not a complaint [002 §2.5]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager']);
    const intake = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: org.slug, kind: 'complaint', description: 'Bij de balie word je vaak lang niet geholpen.', categories: ['waiting-time'] },
    });
    expect(intake.statusCode, intake.body).toBe(201);
    expect(intake.json()).toMatchObject({ kind: 'signal', status: 'received' });
    const items = (await get(t, `/api/v1/cases?q=${intake.json().reference}`, people.manager!.cookie)).json().items;
    const c = await getCase(t, items[0].id, people.manager!.cookie);
    expect(c).toMatchObject({ kind: 'signal', reclassifiedFrom: 'complaint', anonymous: true, admissibility: null });
    await event(t, c.id, people.manager!.cookie, { type: 'escalated', toLevel: 'committee' }, 409);
    await event(t, c.id, people.manager!.cookie, { type: 'mediation', agreements: 'x' }, 409);
  });

  it('allows 6 months from knowing, but 2 years for sexual harassment [002 §5.7]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager']);
    const cookie = people.manager!.cookie;
    // Known since 10 February 2026: 6 months run to 10 August 2026; received 15 September: too late.
    const late = await complaintAtManager(org.id, cookie, { receivedAt: '2026-09-15', knownSince: '2026-02-10' });
    expect(late.admissibility.proposal).toBe('inadmissible');
    expect(late.admissibility.grounds).toEqual([expect.objectContaining({ code: 'time-limit', source: '[002 §5.7]' })]);
    // Same dates, about sexual harassment: 2 years, to 10 February 2028: in time.
    const harassment = await complaintAtManager(org.id, cookie, { receivedAt: '2026-09-15', knownSince: '2026-02-10', flags: { sexualHarassment: true } });
    expect(harassment.admissibility.proposal).toBe('admissible');
    expect(harassment.admissibility.grounds).toEqual([]);
    // Known 15 March: 6 months end on 15 September itself, still in time; a day later it is not.
    expect((await complaintAtManager(org.id, cookie, { receivedAt: '2026-09-15', knownSince: '2026-03-15' })).admissibility.proposal).toBe('admissible');
    expect((await complaintAtManager(org.id, cookie, { receivedAt: '2026-09-16', knownSince: '2026-03-15' })).admissibility.proposal).toBe('inadmissible');
    // Sexual harassment known since 14 September 2024: 2 years end 14 September 2026; received the 15th: too late.
    const old = await complaintAtManager(org.id, cookie, { receivedAt: '2026-09-15', knownSince: '2024-09-14', flags: { sexualHarassment: true } });
    expect(old.admissibility.proposal).toBe('inadmissible');
    expect(old.admissibility.grounds[0]).toMatchObject({ code: 'time-limit', source: '[002 §5.7]' });
    // The system proposes; a person decides, on the ground of the regulation.
    const decided = await event(t, late.id, cookie, { type: 'admissibility-decided', admissible: false, grounds: ['time-limit'], on: '2026-09-16' });
    expect(decided.status).toBe('inadmissible');
  });

  it('ends the case when the complainant is unreachable for 2 months, not a day earlier, with a written confirmation [002 §5.8]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager']);
    const cookie = people.manager!.cookie;
    const c = await complaintAtManager(org.id, cookie, { receivedAt: '2026-06-01', knownSince: '2026-05-20' });
    expect(c.level).toBe('manager');
    await event(t, c.id, cookie, { type: 'contacted', note: 'Laatste gesprek met klager.', on: '2026-06-10' });
    // Two months after the last contact of 10 June: from 10 August 2026.
    const early = await event(t, c.id, cookie, { type: 'complainant-unreachable', on: '2026-08-09' }, 409);
    expect(early.error.message).toContain('2026-08-10');
    expect(early.error.message).toContain('002 §5.8');
    expect((await getCase(t, c.id, cookie)).status).toBe('in-progress');
    const ended = await event(t, c.id, cookie, { type: 'complainant-unreachable', on: '2026-08-10' });
    expect(ended.status).toBe('ended-unreachable');
    expect(ended.closedAt).not.toBeNull();
    const ls = await letters(t, c.id, cookie);
    expect(letterKeys(ls)).toEqual(['unreachable:complainant']);
    const text = await letterText(t, c.id, cookie, ls[0]);
    expect(text).toContain('Sanne Verhoeven');
    expect(text).toContain(c.reference);
    expect(text).toContain(`sinds ${nl('2026-06-10')}`);
    // Ended: nothing more is decided.
    await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x', on: '2026-08-11' }, 409);
  });

  it('ends a case without any contact 2 months after filing [002 §5.8]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager']);
    const cookie = people.manager!.cookie;
    const c = await complaintAtManager(org.id, cookie, { receivedAt: '2026-06-01', knownSince: '2026-05-20' });
    await event(t, c.id, cookie, { type: 'complainant-unreachable', on: '2026-07-31' }, 409);
    expect((await event(t, c.id, cookie, { type: 'complainant-unreachable', on: '2026-08-01' })).status).toBe('ended-unreachable');
  });

  it('confirms a withdrawal in writing, after which the complaint lapses [002 §5.6]', async () => {
    const { org, people } = await setUpOrganisation(t, 'sth-helmond', ['manager']);
    const cookie = people.manager!.cookie;
    const c = await complaintAtManager(org.id, cookie, { receivedAt: '2026-06-01', knownSince: '2026-05-20' });
    await event(t, c.id, cookie, { type: 'contacted', on: '2026-06-02' });
    // Told to the manager by phone on Friday 5 June [002 §5.6].
    const withdrawn = await event(t, c.id, cookie, { type: 'withdrawn', reason: 'Telefonisch ingetrokken bij de leidinggevende.', on: '2026-06-05' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.closedAt).not.toBeNull();
    const ls = await letters(t, c.id, cookie);
    expect(letterKeys(ls)).toEqual(['withdrawal:complainant']);
    const text = await letterText(t, c.id, cookie, ls[0]);
    expect(text).toContain('Sanne Verhoeven');
    expect(text).toContain(c.reference);
    expect(text).toContain(`op ${nl('2026-06-05')} laten weten`);
    expect(text).toContain(`ontvingen op ${nl('2026-06-01')}`);
    // The complaint has lapsed.
    await event(t, c.id, cookie, { type: 'mediation', agreements: 'x', on: '2026-06-08' }, 409);
    await event(t, c.id, cookie, { type: 'decided', outcome: 'resolved', motivation: 'x', on: '2026-06-08' }, 409);
  });
});
