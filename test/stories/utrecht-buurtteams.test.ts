import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { deadline, event, getCase, letterKeys, letters, letterText, nl, outboxFor, todayAmsterdam, tokenOf } from './story.ts';

// Buurtteamorganisatie Sociaal Utrecht [000]: compliments go to the employee,
// objections are referred to the municipality, and a complaint climbs the ladder
// team (contact within 5 working days) → complaints advisor (acknowledgement
// within 5 working days, mediation) → external committee Quasir (acknowledgement
// within 10 working days, hearing both sides, gegrond/ongegrond, report to both).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Fatima el Idrissi', role: 'client', email: 'fatima@example.org', address: 'Kanaalstraat 12, 3531 CJ Utrecht' };

describe('Utrecht buurtteams story [000]', () => {
  it('walks a complaint from the team to the advisor to committee Quasir, one dossier, each level starting its own terms [000 §3.2]', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer', 'manager', 'employee', 'committee-member']);
    const officer = people['complaints-officer']!;
    const manager = people.manager!;
    const employee = people.employee!;
    const member = people['committee-member']!;

    // Received at the team on Thursday 23 April 2026 (by phone, at the team).
    const created = await post(t, '/api/v1/cases', manager.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'phone',
      receivedAt: '2026-04-23',
      complainant,
      respondents: [{ userId: employee.id, department: 'Buurtteam Zuilen' }],
      description: 'Mijn buurtteammedewerker belde twee afspraken niet af en reageert niet op mijn berichten.',
      desiredOutcome: 'Een vaste afspraak en uitleg.',
      incidentDates: ['2026-04-14'],
      categories: ['agreements-not-kept'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ kind: 'complaint', level: 'team', status: 'received', receivedOn: '2026-04-23' });
    // The team contacts within 5 working days [000 §3.2]: Fri 24 (1), Mon 27 April is
    // King's Day (skipped), Tue 28 (2), Wed 29 (3), Thu 30 (4), Fri 1 May (5).
    // Recorded today, long after that day: the term shows as missed until the contact is recorded.
    expect(deadline(c, 'first-contact', 'team')).toMatchObject({ due: '2026-05-01', status: 'missed' });
    expect(deadline(c, 'first-contact', 'team').source).toContain('000 §3.2');
    // The team itself sends no acknowledgement letter (only advisor and committee do).
    expect(c.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('acknowledgement');

    // The committee member of Quasir does not see the case while it is with the team.
    expect((await get(t, `/api/v1/cases/${c.id}`, member.cookie)).statusCode).toBe(404);

    const contacted = await event(t, c.id, manager.cookie, { type: 'contacted', note: 'Gebeld, gesprek gepland.', on: '2026-04-28' });
    expect(contacted.status).toBe('in-progress');
    expect(deadline(contacted, 'first-contact', 'team')).toMatchObject({ due: '2026-05-01', status: 'met' });

    // Not solved with the team: on to the complaints advisor, Monday 4 May.
    const atAdvisor = await event(t, c.id, officer.cookie, { type: 'escalated', toLevel: 'advisor', on: '2026-05-04' });
    expect(atAdvisor).toMatchObject({ id: c.id, reference: c.reference, level: 'advisor', status: 'received', kind: 'complaint' });
    // Acknowledgement within 5 working days of receipt at the advisor [000 §3.2]:
    // Tue 5 May is Liberation Day (skipped), Wed 6 (1), Thu 7 (2), Fri 8 (3), Mon 11 (4), Tue 12 (5).
    expect(deadline(atAdvisor, 'acknowledgement', 'advisor')).toMatchObject({ due: '2026-05-12', status: 'missed' });
    expect(deadline(atAdvisor, 'acknowledgement', 'advisor').source).toContain('000 §3.2');
    // The team's term stays in the dossier, met.
    expect(deadline(atAdvisor, 'first-contact', 'team')).toMatchObject({ due: '2026-05-01', status: 'met' });

    const ackAdvisor = await event(t, c.id, officer.cookie, { type: 'acknowledged', on: '2026-05-07' });
    expect(deadline(ackAdvisor, 'acknowledgement', 'advisor').status).toBe('met');
    const ackLetter = (await letters(t, c.id, officer.cookie)).find((l) => l.kind === 'acknowledgement');
    expect(ackLetter?.recipient).toBe('complainant');
    const ackText = await letterText(t, c.id, officer.cookie, ackLetter);
    expect(ackText).toContain('Fatima el Idrissi');
    expect(ackText).toContain(c.reference);
    expect(ackText).toContain(`ontvangen op ${nl('2026-04-23')}`);

    // The advisor may propose mediation [000 §3.2, §5].
    expect((await event(t, c.id, officer.cookie, { type: 'mediation', agreements: 'Bemiddelingsgesprek met de medewerker.', on: '2026-05-11' })).status).toBe('in-progress');
    const advisorDecision = await event(t, c.id, officer.cookie, {
      type: 'decided',
      outcome: 'unfounded',
      on: '2026-05-15',
      motivation: 'De afspraken zijn volgens de agenda wel afgezegd; de berichten kwamen niet aan door een verkeerd nummer.',
    });
    expect(advisorDecision).toMatchObject({ status: 'decided', level: 'advisor' });
    const afterAdvisor = await letters(t, c.id, officer.cookie);
    expect(letterKeys(afterAdvisor)).toEqual(expect.arrayContaining(['decision:complainant', 'decision:respondent']));
    // The advisor's decision tells where to go next: committee Quasir with its address [000 §3.3].
    const advisorText = await letterText(
      t,
      c.id,
      officer.cookie,
      afterAdvisor.find((l) => l.kind === 'decision' && l.recipient === 'complainant'),
    );
    expect(advisorText).toContain('Fatima el Idrissi');
    expect(advisorText).toContain(c.reference);
    expect(advisorText).toContain('ongegrond');
    expect(advisorText).toContain('Quasir');
    expect(advisorText).toContain('Postbus 1021');
    expect(advisorText).toContain('7940 KA Meppel');
    expect(advisorText).toContain('ambtelijksecretaris@quasir.nl');

    // The complainant takes it to Quasir on Wednesday 20 May.
    const atCommittee = await event(t, c.id, officer.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-05-20' });
    expect(atCommittee).toMatchObject({ id: c.id, reference: c.reference, level: 'committee', status: 'received' });
    // 10 working days [000 §3.2]: Thu 21 (1), Fri 22 (2), Mon 25 May is Whit Monday (skipped),
    // Tue 26 (3), Wed 27 (4), Thu 28 (5), Fri 29 (6), Mon 1 June (7), Tue 2 (8), Wed 3 (9), Thu 4 (10).
    expect(deadline(atCommittee, 'acknowledgement', 'committee')).toMatchObject({ due: '2026-06-04', status: 'missed' });
    expect(deadline(atCommittee, 'acknowledgement', 'committee').source).toContain('000 §3.2');
    expect(deadline(atCommittee, 'acknowledgement', 'advisor')).toMatchObject({ due: '2026-05-12', status: 'met' });

    // Now the committee member handles it, in the same dossier with the whole timeline.
    const seen = await getCase(t, c.id, member.cookie);
    expect(seen.view).toBe('full');
    expect(seen.events.map((e: { type: string }) => e.type)).toEqual(['received', 'contacted', 'escalated', 'acknowledged', 'mediation', 'decided', 'escalated']);
    expect(seen.description).toContain('afspraken niet af');

    const ackCommittee = await event(t, c.id, member.cookie, { type: 'acknowledged', on: '2026-05-22' });
    expect(deadline(ackCommittee, 'acknowledgement', 'committee')).toMatchObject({ due: '2026-06-04', status: 'met' });
    // The committee hears both sides before ruling [000 §3.2].
    const early = await event(t, c.id, member.cookie, { type: 'decided', outcome: 'well-founded', motivation: 'x', on: '2026-05-26' }, 409);
    expect(early.error.message).toContain('000 §3.2');
    await event(t, c.id, member.cookie, { type: 'admissibility-decided', admissible: true, on: '2026-05-26' });
    await event(t, c.id, member.cookie, { type: 'hearing-scheduled', at: '2026-06-08T10:00:00+02:00', on: '2026-05-27' });
    const invitations = (await letters(t, c.id, member.cookie)).filter((l) => l.kind === 'hearing-invitation');
    expect(invitations.map((l) => l.recipient).sort()).toEqual(['complainant', 'respondent']);
    const invitation = await letterText(
      t,
      c.id,
      member.cookie,
      invitations.find((l) => l.recipient === 'complainant'),
    );
    expect(invitation).toContain('maandag 8 juni 2026 om 10.00 uur');
    await event(t, c.id, member.cookie, { type: 'hearing-held', on: '2026-06-08' }, 409); // a report is required [000 §3.2]
    await event(t, c.id, member.cookie, { type: 'hearing-held', report: 'Klager en medewerker zijn gehoord en wederhoord.', on: '2026-06-08' });
    // Quasir rules gegrond or ongegrond, nothing in between [000 §3.2].
    const partly = await event(t, c.id, member.cookie, { type: 'decided', outcome: 'partly-well-founded', motivation: 'Deels.', on: '2026-06-15' }, 409);
    expect(partly.error.message).toContain('000 §3.2');
    const ruling = await event(t, c.id, member.cookie, {
      type: 'decided',
      outcome: 'well-founded',
      on: '2026-06-15',
      motivation: 'Het buurtteam had de klant moeten terugbellen toen berichten onbeantwoord bleven.',
      recommendations: ['Controleer contactgegevens bij elke nieuwe klant.'],
    });
    expect(ruling).toMatchObject({ status: 'decided', outcome: 'well-founded', level: 'committee' });
    const closed = await event(t, c.id, member.cookie, { type: 'closed', on: '2026-06-16' });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();

    // A written report to the complainant and to the person complained about [000 §3.2].
    const all = await letters(t, c.id, officer.cookie);
    const rulings = all.filter((l) => l.kind === 'decision' && l.eventId === ruling.events.at(-1).id);
    expect(rulings.map((l) => l.recipient).sort()).toEqual(['complainant', 'respondent']);
    const rulingText = await letterText(
      t,
      c.id,
      officer.cookie,
      rulings.find((l) => l.recipient === 'complainant'),
    );
    expect(rulingText).toContain('Fatima el Idrissi');
    expect(rulingText).toContain(c.reference);
    expect(rulingText).toContain('gegrond');
    expect(rulingText).toContain('Controleer contactgegevens bij elke nieuwe klant.');
    const toEmployee = await letterText(
      t,
      c.id,
      officer.cookie,
      rulings.find((l) => l.recipient === 'respondent'),
    );
    expect(toEmployee).toContain('Fatima el Idrissi');
    expect(toEmployee).toContain(c.reference);

    const mails = await outboxFor(t, c.id);
    expect(mails.filter((m) => m.to_address === 'fatima@example.org').length).toBeGreaterThanOrEqual(5);
    expect(mails.some((m) => m.to_address === employee.email)).toBe(true);
  });

  it("refers an objection to the municipality with where and the 6-week term, shifted past King's Day [000 §1]", async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const created = await post(t, '/api/v1/cases', officer.cookie, {
      organisationId: org.id,
      kind: 'objection',
      channel: 'email',
      receivedAt: '2026-03-20',
      decisionDate: '2026-03-16',
      complainant,
      description: 'Ik ben het niet eens met de beschikking: mijn huishoudelijke hulp is gestopt.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ kind: 'objection', status: 'referred' });
    // 6 weeks from the decision of Monday 16 March: Monday 27 April, King's Day,
    // so the statutory term runs to Tuesday 28 April (Atw art. 1).
    const due = deadline(c, 'objection');
    expect(due).toMatchObject({ due: '2026-04-28', status: 'met' });
    expect(due.source).toContain('000 §1');
    const ls = await letters(t, c.id, officer.cookie);
    expect(letterKeys(ls)).toEqual(['referral:complainant']);
    const text = await letterText(t, c.id, officer.cookie, ls[0]);
    expect(text).toContain('Fatima el Idrissi');
    expect(text).toContain(c.reference);
    expect(text).toContain('utrecht.nl/bezwaar');
    expect(text).toContain(`Uiterlijk op ${nl('2026-04-28')}`);
  });

  it('passes a compliment on to the employee it is about, and closes it without a procedure [000 §2]', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const created = await post(t, '/api/v1/cases', officer.cookie, {
      organisationId: org.id,
      kind: 'compliment',
      channel: 'email',
      receivedAt: '2026-10-05',
      complainant,
      respondents: [{ userId: employee.id }],
      description: 'Wat fijn dat mijn buurtteammedewerker zo goed luisterde!',
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ kind: 'compliment', status: 'received', admissibility: null });
    // A compliment knows no complaint procedure.
    await event(t, c.id, officer.cookie, { type: 'decided', outcome: 'well-founded', motivation: 'x', on: '2026-10-06' }, 409);
    await event(t, c.id, officer.cookie, { type: 'escalated', toLevel: 'advisor', on: '2026-10-06' }, 409);
    // The employee the compliment is about can read it.
    const asEmployee = await get(t, `/api/v1/cases/${c.id}`, employee.cookie);
    expect(asEmployee.statusCode).toBe(200);
    expect(asEmployee.json().description).toContain('zo goed luisterde');
    expect((await event(t, c.id, officer.cookie, { type: 'closed', on: '2026-10-06' })).status).toBe('closed');
  });

  it('routes the compliment to the employee: it shows up in their own list of cases [000 §2]', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer', 'employee']);
    const employee = people.employee!;
    const c = (
      await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, {
        organisationId: org.id,
        kind: 'compliment',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant,
        respondents: [{ userId: employee.id }],
        description: 'Dank voor de goede hulp bij mijn aanvraag.',
      })
    ).json();
    const mine = (await get(t, '/api/v1/cases', employee.cookie)).json();
    const mailed = (await outboxFor(t, c.id)).some((m) => m.to_address === employee.email);
    expect(mine.items.map((i: { id: string }) => i.id).includes(c.id) || mailed).toBe(true);
  });

  it("gives a compliment no complaint term: the team's 5-working-day contact term is for complaints [000 §2, §3.2]", async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer']);
    const c = (
      await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, {
        organisationId: org.id,
        kind: 'compliment',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant,
        description: 'Top geholpen!',
      })
    ).json();
    // A compliment cannot be 'contacted' (not one of its events), so this term could never be met.
    expect(c.allowedEvents).not.toContain('contacted');
    expect(c.deadlines).toEqual([]);
  });

  // Product bug: the domain starts the level's terms anew on reopening, but the server
  // stores deadlines unique per (case, level, kind) with ON CONFLICT DO NOTHING
  // (cases.service.ts storeDeadlines), so the new term is dropped and only the old, met one shows.
  it("starts the team's 5-working-day contact term anew when a withdrawn complaint is reopened [000 §3.2, §3.6]", async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['manager']);
    const cookie = people.manager!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'post',
        receivedAt: '2026-09-07',
        complainant,
        description: 'Geen terugbelafspraak nagekomen.',
      })
    ).json();
    await event(t, c.id, cookie, { type: 'contacted', on: '2026-09-08' });
    await event(t, c.id, cookie, { type: 'withdrawn', on: '2026-09-10' });
    const reopened = await event(t, c.id, cookie, { type: 'reopened', circumstances: 'Weer niet teruggebeld.', on: '2026-10-05' });
    // First term: Mon 7 Sep + 5 working days = Mon 14 Sep, met on the 8th.
    // Reopened Mon 5 Oct: Tue 6 (1), Wed 7 (2), Thu 8 (3), Fri 9 (4), Mon 12 Oct (5).
    expect(
      reopened.deadlines
        .filter((d: { kind: string }) => d.kind === 'first-contact')
        .map((d: { due: string }) => d.due)
        .sort(),
    ).toEqual(['2026-09-14', '2026-10-12']);
  });

  it('withdraws through the public status link with a written confirmation, and reopens only with changed circumstances [000 §3.6]', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer', 'manager']);
    const officer = people['complaints-officer']!;
    const intake = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisationId: org.id, kind: 'complaint', complainant, description: 'Het buurtteam is telefonisch slecht bereikbaar.', categories: ['accessibility'] },
    });
    expect(intake.statusCode, intake.body).toBe(201);
    const { reference, statusUrl } = intake.json();
    const token = tokenOf(statusUrl);
    const found = (await get(t, `/api/v1/cases?q=${reference}`, officer.cookie)).json().items;
    expect(found).toHaveLength(1);
    const id = found[0].id as string;

    // Only with an explicit confirmation.
    const unconfirmed = await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${token}/withdraw`, payload: {} });
    expect(unconfirmed.statusCode).toBe(400);
    expect((await getCase(t, id, officer.cookie)).status).toBe('received');
    const wrongToken = await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${'x'.repeat(43)}/withdraw`, payload: { confirm: true } });
    expect(wrongToken.statusCode).toBe(404);

    const withdrawn = await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${token}/withdraw`, payload: { confirm: true, reason: 'Het is opgelost.' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    const status = (await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}` })).json();
    expect(status).toMatchObject({ reference, status: 'withdrawn', ended: true, canWithdraw: false });
    expect(status.letters.map((l: { kind: string }) => l.kind)).toContain('withdrawal');
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${token}/withdraw`, payload: { confirm: true } });
    expect(again.statusCode).toBe(409);

    // The written confirmation [000 §3.6], dated today, the day of withdrawal.
    const confirmation = (await letters(t, id, officer.cookie)).find((l) => l.kind === 'withdrawal');
    expect(confirmation?.recipient).toBe('complainant');
    const text = await letterText(t, id, officer.cookie, confirmation);
    expect(text).toContain('Fatima el Idrissi');
    expect(text).toContain(reference);
    expect(text).toContain(nl(todayAmsterdam()));
    expect((await outboxFor(t, id)).filter((m) => m.to_address === 'fatima@example.org').length).toBeGreaterThanOrEqual(2);

    // Not taken up again unless the circumstances changed [000 §3.6].
    const bare = await post(t, `/api/v1/cases/${id}/events`, officer.cookie, { type: 'reopened' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toContain('circumstances');
    const blank = await post(t, `/api/v1/cases/${id}/events`, officer.cookie, { type: 'reopened', circumstances: '   ' });
    expect(blank.statusCode).toBe(400);
    expect((await getCase(t, id, officer.cookie)).status).toBe('withdrawn');
    const reopened = await event(t, id, officer.cookie, { type: 'reopened', circumstances: 'Klager meldt dat de telefoon weer drie weken onbereikbaar was.' });
    expect(reopened.status).toBe('in-progress');
    expect(reopened.events.at(-1)).toMatchObject({ type: 'reopened' });
  });
});
