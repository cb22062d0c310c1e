import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { deadline, event, getCase, letterKeys, letters, letterText, outboxFor } from './story.ts';

// Gemeente Stichtse Vecht [001]: informal handling first, then the formal Awb
// procedure (acknowledgement, copy to the respondent, hearing with report,
// decision within 6 weeks), decided under the four-eyes principle, then the
// Nationale ombudsman as second line. Anonymous reports are signals; a complaint
// meant for another organisation is handed over warmly, story and all.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Henk Jansen', role: 'client', email: 'henk@example.org', address: 'Dorpsstraat 3, 3632 AR Loenen aan de Vecht' };

describe('Stichtse Vecht story [001]', () => {
  it('walks a complaint from informal handling through the formal procedure with four-eyes approval to the ombudsman [001 §1D, §10, §11]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stichtse-vecht', ['complaints-officer', 'complaints-officer', 'employee']);
    const author = people['complaints-officer']!;
    const reviewer = people['complaints-officer-1']!;
    const employee = people.employee!;

    const created = await post(t, '/api/v1/cases', author.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'phone',
      receivedAt: '2026-02-16',
      complainant,
      respondents: [{ userId: employee.id, department: 'Wmo-consulenten' }],
      description: 'De consulent kwam niet op het keukentafelgesprek en belde niet af.',
      incidentDates: ['2026-02-10'],
      categories: ['agreements-not-kept'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ kind: 'complaint', level: 'informal', status: 'received', receivedOn: '2026-02-16' });
    // Informal handling has no statutory terms [001 §1D].
    expect(c.deadlines).toEqual([]);
    await event(t, c.id, author.cookie, { type: 'contacted', note: 'Gebeld door de dossierbehandelaar.', on: '2026-02-18' });

    // Not satisfied: the formal procedure, from Monday 2 March 2026.
    const formal = await event(t, c.id, author.cookie, { type: 'escalated', toLevel: 'formal', on: '2026-03-02' });
    expect(formal).toMatchObject({ id: c.id, reference: c.reference, level: 'formal', status: 'received' });
    // Awb 9:8: notice of not handling within 4 weeks: Monday 30 March (a working day).
    // Awb 9:11: decision within 6 weeks: Monday 13 April (Easter Monday was 6 April; no shift needed).
    expect(deadline(formal, 'admissibility-notice', 'formal')).toMatchObject({ due: '2026-03-30' });
    expect(deadline(formal, 'admissibility-notice', 'formal').source).toContain('Awb 9:8');
    expect(deadline(formal, 'decision', 'formal')).toMatchObject({ due: '2026-04-13' });
    expect(deadline(formal, 'decision', 'formal').source).toContain('Awb 9:11');

    await event(t, c.id, author.cookie, { type: 'acknowledged', on: '2026-03-04' });
    expect(letterKeys(await letters(t, c.id, author.cookie))).toEqual(expect.arrayContaining(['acknowledgement:complainant', 'complaint-copy:respondent']));
    const admissible = await event(t, c.id, author.cookie, { type: 'admissibility-decided', admissible: true, on: '2026-03-09' });
    expect(deadline(admissible, 'admissibility-notice', 'formal').status).toBe('met');
    // Awb 9:10: no decision before hearing.
    await event(t, c.id, author.cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x', on: '2026-03-10' }, 409);
    await event(t, c.id, author.cookie, { type: 'hearing-scheduled', at: '2026-03-19T14:00:00+01:00', on: '2026-03-12' });
    await event(t, c.id, author.cookie, { type: 'hearing-held', report: 'Klager en consulent zijn gehoord.', on: '2026-03-19' });
    expect(letterKeys(await letters(t, c.id, author.cookie))).toEqual(
      expect.arrayContaining(['hearing-invitation:complainant', 'hearing-invitation:respondent', 'hearing-report:complainant', 'hearing-report:respondent']),
    );

    // Four-eyes [001 §1D]: one person decides, another approves.
    const decided = await event(t, c.id, author.cookie, {
      type: 'decided',
      outcome: 'well-founded',
      on: '2026-03-26',
      motivation: 'De consulent had het gesprek moeten afzeggen.',
      recommendations: ['Afzeggingen altijd telefonisch melden.'],
    });
    expect(decided.status).toBe('decision-pending-approval');
    expect(decided.decision).toMatchObject({ outcome: 'well-founded', by: author.id, approvedBy: null });
    // Not final yet: no decision letter, and the term is not met.
    expect(letterKeys(await letters(t, c.id, author.cookie))).not.toContain('decision:complainant');
    expect(deadline(decided, 'decision', 'formal').status).not.toBe('met');
    const self = await event(t, c.id, author.cookie, { type: 'decision-approved', on: '2026-03-27' }, 409);
    expect(self.error.message).toContain('001 §1D');
    expect((await getCase(t, c.id, author.cookie)).status).toBe('decision-pending-approval');
    const approved = await event(t, c.id, reviewer.cookie, { type: 'decision-approved', on: '2026-03-27' });
    expect(approved.status).toBe('decided');
    expect(approved.decision).toMatchObject({ by: author.id, approvedBy: reviewer.id, approvedOn: '2026-03-27' });
    expect(deadline(approved, 'decision', 'formal')).toMatchObject({ due: '2026-04-13', status: 'met' });

    // The decision names the Nationale ombudsman with its address [001 §4A, Awb 9:12].
    const decisionLetter = (await letters(t, c.id, author.cookie)).find((l) => l.kind === 'decision' && l.recipient === 'complainant');
    const text = await letterText(t, c.id, author.cookie, decisionLetter);
    expect(text).toContain('Henk Jansen');
    expect(text).toContain(c.reference);
    expect(text).toContain('gegrond');
    expect(text).toContain('Nationale ombudsman');
    expect(text).toContain('Postbus 93122');
    expect(text).toContain('2509 AC Den Haag');
    await event(t, c.id, author.cookie, { type: 'closed', on: '2026-03-30' });

    // Second line: the ombudsman, in the same dossier [001 §6].
    const ombudsman = await event(t, c.id, author.cookie, { type: 'escalated', toLevel: 'ombudsman', on: '2026-04-20' });
    expect(ombudsman).toMatchObject({ id: c.id, reference: c.reference, level: 'ombudsman', status: 'received' });
    expect(ombudsman.events.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'contacted',
      'escalated',
      'acknowledged',
      'admissibility-decided',
      'hearing-scheduled',
      'hearing-held',
      'decided',
      'decision-approved',
      'closed',
      'escalated',
    ]);
    expect(deadline(ombudsman, 'decision', 'formal')).toMatchObject({ status: 'met' });
    // The ombudsman is the top of the ladder.
    await event(t, c.id, author.cookie, { type: 'escalated', toLevel: 'formal', on: '2026-04-21' }, 409);
    const mails = await outboxFor(t, c.id);
    expect(mails.filter((m) => m.to_address === 'henk@example.org').length).toBeGreaterThanOrEqual(4);
  });

  it('turns an anonymous report into a signal, not a complaint [001 §2B]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stichtse-vecht', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const intake = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisationId: org.id, kind: 'complaint', description: 'Het wijkteam reageert in het algemeen traag op meldingen van buurtbewoners.' },
    });
    expect(intake.statusCode, intake.body).toBe(201);
    expect(intake.json()).toMatchObject({ kind: 'signal', status: 'received' });
    const items = (await get(t, `/api/v1/cases?q=${intake.json().reference}`, officer.cookie)).json().items;
    expect(items).toHaveLength(1);
    const c = await getCase(t, items[0].id, officer.cookie);
    expect(c).toMatchObject({ kind: 'signal', reclassifiedFrom: 'complaint', anonymous: true, complainant: null, admissibility: null });
    // A signal feeds analysis: no complaint procedure, no decision; it is closed when taken in hand.
    await event(t, c.id, officer.cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x' }, 409);
    await event(t, c.id, officer.cookie, { type: 'hearing-scheduled', at: '2026-12-01T10:00:00+01:00' }, 409);
    expect((await event(t, c.id, officer.cookie, { type: 'closed' })).status).toBe('closed');
    expect(await letters(t, c.id, officer.cookie)).toEqual([]);
  });

  // Product bug: the transfer answers 500. transferCopy() copies the source row with
  // its status_token_hash, a UNIQUE column, so inserting the copy violates the constraint.
  it('hands a complaint about a provider over to that provider, keeping the story, so the citizen tells it once [001 §1D]', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', ['complaints-officer']);
    const provider = await setUpOrganisation(t, 'stadsring51', ['complaints-officer'], { parentId: municipality.org.id });
    const officer = municipality.people['complaints-officer']!;
    const created = await post(t, '/api/v1/cases', officer.cookie, {
      organisationId: municipality.org.id,
      kind: 'complaint',
      channel: 'in-person',
      receivedAt: '2026-09-07',
      complainant,
      respondents: [{ name: 'Mevrouw De Boer', department: 'Begeleiding thuis' }],
      description: 'Mijn begeleider van de zorgaanbieder komt steeds te laat en belt niet af.',
      desiredOutcome: 'Een andere begeleider.',
      incidentDates: ['2026-08-31'],
      categories: ['agreements-not-kept'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    // A dossier goes only to a partner the municipality's administrator named.
    const partners = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/organisations/${municipality.org.id}/transfer-partners`,
      headers: { cookie: t.adminCookie },
      payload: { partnerIds: [provider.org.id] },
    });
    expect(partners.statusCode, partners.body).toBe(200);
    const moved = await event(t, c.id, officer.cookie, { type: 'transferred', organisationId: provider.org.id, on: '2026-09-08' });
    expect(moved.status).toBe('transferred');
    // The complainant is told where the complaint went [001 §1D].
    const referral = (await letters(t, c.id, officer.cookie)).find((l) => l.kind === 'referral');
    expect(referral?.recipient).toBe('complainant');
    const referralText = await letterText(t, c.id, officer.cookie, referral);
    expect(referralText).toContain('Henk Jansen');
    expect(referralText).toContain(c.reference);
    // It names where the complaint went (the provider), not the objection procedure.
    expect(referralText).toContain(provider.org.name);
    expect(referralText).not.toContain('bezwaar');
    // Nothing more happens at the municipality.
    await event(t, c.id, officer.cookie, { type: 'acknowledged' }, 409);

    // The provider has the whole story: nobody has to ask the citizen again.
    const providerOfficer = provider.people['complaints-officer']!;
    const list = (await get(t, `/api/v1/cases?organisationId=${provider.org.id}`, providerOfficer.cookie)).json().items;
    expect(list).toHaveLength(1);
    const there = await getCase(t, list[0].id, providerOfficer.cookie);
    expect(there.id).not.toBe(c.id);
    expect(there).toMatchObject({
      organisationId: provider.org.id,
      transferredFrom: c.id,
      kind: 'complaint',
      status: 'received',
      description: 'Mijn begeleider van de zorgaanbieder komt steeds te laat en belt niet af.',
      desiredOutcome: 'Een andere begeleider.',
      complainant: { name: 'Henk Jansen', email: 'henk@example.org' },
      categories: ['agreements-not-kept'],
    });
    expect(there.regulation.id).toBe('stadsring51');
    expect(there.respondents).toEqual([expect.objectContaining({ name: 'Mevrouw De Boer', department: 'Begeleiding thuis' })]);
    expect(there.facts).toMatchObject({ incidentDates: ['2026-08-31'] });
    expect(there.events[0]).toMatchObject({ type: 'received', data: { transferredFrom: c.reference } });
  });
});
