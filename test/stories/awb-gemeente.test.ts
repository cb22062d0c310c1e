import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { deadline, event, letterKeys, letters, letterText, nl } from './story.ts';

// Awb chapter 9 for any municipality: acknowledgement (9:6), copy to the
// respondent (9:9), notice of not handling within 4 weeks (9:8), hearing unless a
// ground to skip it (9:10), decision within 6 weeks, extendable once by at most
// 4 weeks, further only with the complainant's written consent (9:11), a
// motivated decision naming the ombudsman (9:12). Terms ending on a Saturday,
// Sunday or general holiday run to the next working day (Atw art. 1).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Karin Bosman', role: 'client', email: 'karin@example.org', address: 'Raadhuisplein 1, 1234 AB Gemeentestad' };

async function formalComplaint(receivedAt: string, respondentUserId?: string) {
  const { org, people } = await setUpOrganisation(t, 'awb-gemeente', ['complaints-officer', 'employee']);
  const cookie = people['complaints-officer']!.cookie;
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: org.id,
    kind: 'complaint',
    level: 'formal',
    channel: 'post',
    receivedAt,
    complainant,
    respondents: [{ userId: respondentUserId ?? people.employee!.id, department: 'Publiekszaken' }],
    description: 'De baliemedewerker was onvriendelijk en weigerde mijn vraag aan te nemen.',
    incidentDates: [receivedAt],
    categories: ['treatment'],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { c: res.json(), cookie, people };
}

describe('Awb chapter 9 story (awb-gemeente)', () => {
  it("runs the formal procedure: 6 weeks ending on King's Day run to the next day, one extension of 4 weeks, a second only with written consent (Awb 9:11, Atw art. 1)", async () => {
    // Received Monday 16 March 2026.
    const { c, cookie } = await formalComplaint('2026-03-16');
    expect(c).toMatchObject({ level: 'formal', status: 'received' });
    // Awb 9:8: 4 weeks → Monday 13 April 2026 (a working day).
    expect(deadline(c, 'admissibility-notice', 'formal')).toMatchObject({ due: '2026-04-13', source: 'Awb 9:8' });
    // Awb 9:11: 6 weeks → Monday 27 April 2026, King's Day → Tuesday 28 April (Atw art. 1).
    expect(deadline(c, 'decision', 'formal')).toMatchObject({ due: '2026-04-28', source: 'Awb 9:11' });

    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-03-18' });
    expect(letterKeys(await letters(t, c.id, cookie))).toEqual(expect.arrayContaining(['acknowledgement:complainant', 'complaint-copy:respondent']));
    const ack = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'acknowledgement'),
    );
    expect(ack).toContain('Karin Bosman');
    expect(ack).toContain(c.reference);
    expect(ack).toContain(`ontvangen op ${nl('2026-03-16')}`);
    await event(t, c.id, cookie, { type: 'admissibility-decided', admissible: true, on: '2026-03-20' });

    // One extension of at most 4 weeks: 5 weeks needs consent.
    const tooLong = await event(t, c.id, cookie, { type: 'extended', weeks: 5, reason: 'Getuigen op vakantie.', on: '2026-04-20' }, 409);
    expect(tooLong.error.message).toContain('Awb 9:11');
    // 4 weeks on 20 April: the unshifted end, 27 April, + 4 weeks = Monday 25 May, Whit Monday
    // → Tuesday 26 May 2026 (Atw art. 1).
    const extended = await event(t, c.id, cookie, { type: 'extended', weeks: 4, reason: 'Wij willen eerst de collega horen die met vakantie is.', on: '2026-04-20' });
    expect(deadline(extended, 'decision', 'formal')).toMatchObject({ due: '2026-05-26' });
    // Announced in writing to complainant and respondent (Awb 9:11).
    const extLetters = (await letters(t, c.id, cookie)).filter((l) => l.kind === 'extension');
    expect(extLetters.map((l) => l.recipient).sort()).toEqual(['complainant', 'respondent']);
    const extText = await letterText(
      t,
      c.id,
      cookie,
      extLetters.find((l) => l.recipient === 'complainant'),
    );
    expect(extText).toContain('Karin Bosman');
    expect(extText).toContain(c.reference);
    expect(extText).toContain('4 weken');

    // A second delay needs the complainant's written consent (Awb 9:11).
    const second = await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Nog een getuige.', on: '2026-05-19' }, 409);
    expect(second.error.message).toContain('Awb 9:11');
    // Consent dated after the delay it should allow does not count.
    await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Nog een getuige.', consent: { recordedOn: '2026-05-20' }, on: '2026-05-19' }, 409);
    // With consent of 18 May: 25 May + 2 weeks = Monday 8 June 2026.
    const consented = await event(t, c.id, cookie, {
      type: 'extended',
      weeks: 2,
      reason: 'Nog een getuige.',
      consent: { recordedOn: '2026-05-18', document: 'mail-klager-18-mei.pdf' },
      on: '2026-05-19',
    });
    expect(deadline(consented, 'decision', 'formal')).toMatchObject({ due: '2026-06-08' });

    // Awb 9:10: no decision without hearing, unless a ground to skip it.
    await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x', on: '2026-05-20' }, 409);
    const skipped = await event(t, c.id, cookie, { type: 'hearing-skipped', ground: 'waived', on: '2026-05-20' });
    expect(skipped.status).toBe('in-progress');
    const decided = await event(t, c.id, cookie, {
      type: 'decided',
      outcome: 'partly-well-founded',
      on: '2026-06-03',
      motivation: 'De toon was onvriendelijk; de vraag hoorde wel bij een ander loket.',
      points: [
        { description: 'Onvriendelijke toon', outcome: 'well-founded' },
        { description: 'Vraag geweigerd', outcome: 'unfounded' },
      ],
    });
    expect(decided.status).toBe('decided');
    expect(deadline(decided, 'decision', 'formal')).toMatchObject({ due: '2026-06-08', status: 'met' });
    // Awb 9:12: the decision names the Nationale ombudsman.
    const text = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'decision' && l.recipient === 'complainant'),
    );
    expect(text).toContain('Karin Bosman');
    expect(text).toContain(c.reference);
    expect(text).toContain('deels gegrond');
    expect(text).toContain('Nationale ombudsman');
    expect(text).toContain('Postbus 93122');
    expect(text).toContain('2509 AC Den Haag');
    expect((await event(t, c.id, cookie, { type: 'closed', on: '2026-06-04' })).status).toBe('closed');
  });

  // Product bug: the extension letter takes the new due date only from an *open*
  // decision deadline and falls back to today (letters.service.ts payloadFor). When the
  // extension is recorded afterwards (backdated with `on`), the letter names today's date.
  it('names the extended due date in the extension letter, also when the extension is recorded afterwards (Awb 9:11)', async () => {
    const { c, cookie } = await formalComplaint('2026-03-16');
    await event(t, c.id, cookie, { type: 'extended', weeks: 4, reason: 'Collega met vakantie.', on: '2026-04-20' });
    const text = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'extension' && l.recipient === 'complainant'),
    );
    expect(text).toContain(`uiterlijk op ${nl('2026-05-26')}`);
  });

  it('refuses a first extension announced after the term ran out (Awb 9:11)', async () => {
    const { c, cookie } = await formalComplaint('2026-03-16');
    // The term ended on 28 April 2026 (see above); the 29th is too late.
    const late = await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Drukte.', on: '2026-04-29' }, 409);
    expect(late.error.message).toContain('2026-04-28');
    expect(late.error.message).toContain('Awb 9:11');
    // On the last day it still can: 27 April + 2 weeks = Monday 11 May 2026.
    expect(deadline(await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Drukte.', on: '2026-04-28' }), 'decision', 'formal').due).toBe('2026-05-11');
  });

  it('runs 6 weeks ending on Christmas on to the next working day, past Boxing Day and the weekend (Awb 9:11, Atw art. 1, art. 3)', async () => {
    // Received Friday 13 November 2026: 6 weeks → Friday 25 December (Christmas), Saturday 26
    // (Boxing Day), Sunday 27 → Monday 28 December 2026. Not yet due today.
    const { c, cookie } = await formalComplaint('2026-11-13');
    expect(deadline(c, 'decision', 'formal')).toMatchObject({ due: '2026-12-28', status: 'open' });
    // 4 weeks → Friday 11 December 2026, a working day.
    expect(deadline(c, 'admissibility-notice', 'formal')).toMatchObject({ due: '2026-12-11', status: 'open' });
    // The acknowledgement tells by when the decision comes.
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-11-16' });
    const ack = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'acknowledgement'),
    );
    expect(ack).toContain(`Uiterlijk op ${nl('2026-12-28')}`);
    // Extended by 4 weeks on 20 November: the unshifted end, Friday 25 December, + 4 weeks
    // = Friday 22 January 2027, a working day; the letter says so.
    const extended = await event(t, c.id, cookie, { type: 'extended', weeks: 4, reason: 'Advies van de afdeling nodig.', on: '2026-11-20' });
    expect(deadline(extended, 'decision', 'formal')).toMatchObject({ due: '2027-01-22', status: 'open' });
    const ext = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'extension' && l.recipient === 'complainant'),
    );
    expect(ext).toContain(`uiterlijk op ${nl('2027-01-22')}`);
  });

  it("shows a written complaint's terms from intake at the informal level, over Christmas, and keeps them at the formal level (Awb 9:5, Awb 9:6, Awb 9:11, Atw art. 1)", async () => {
    const { org, people } = await setUpOrganisation(t, 'awb-gemeente', ['complaints-officer', 'employee']);
    const cookie = people['complaints-officer']!.cookie;
    const register = async (receivedAt: string, channel: string) => {
      const res = await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel,
        receivedAt,
        complainant,
        respondents: [{ userId: people.employee!.id }],
        description: 'Mijn aanvraag is kwijtgeraakt en niemand belt terug.',
        incidentDates: [receivedAt],
        categories: ['communication'],
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    // Received Friday 19 December 2025 by post, at the informal level (Awb 9:5).
    const c = await register('2025-12-19', 'post');
    expect(c).toMatchObject({ level: 'informal', regulation: { id: 'awb-gemeente', version: 2 } });
    // Acknowledgement: 5 working days past Christmas, Boxing Day and the weekends → Tuesday 30 December 2025.
    const ack = deadline(c, 'acknowledgement', 'informal');
    expect(ack).toMatchObject({ due: '2025-12-30', source: expect.stringContaining('Awb 9:6') });
    expect((ack as any).explanation.skipped.map((d: { date: string }) => d.date)).toEqual(['2025-12-20', '2025-12-21', '2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28']);
    // Decision: 6 weeks → Friday 30 January 2026 (Awb 9:11).
    expect(deadline(c, 'decision', 'informal')).toMatchObject({ due: '2026-01-30', source: expect.stringContaining('Awb 9:11') });
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2025-12-22' });
    expect(letterKeys(await letters(t, c.id, cookie))).toContain('acknowledgement:complainant');

    // Received Thursday 13 November 2025 by e-mail: 6 weeks end on Christmas Day → Monday 29 December 2025 (Atw art. 1).
    const x = await register('2025-11-13', 'email');
    const informal = deadline(x, 'decision', 'informal') as any;
    expect(informal).toMatchObject({ due: '2025-12-29' });
    expect(informal.explanation).toMatchObject({ termEnd: '2025-12-25', atw: { applies: true, shiftedFrom: '2025-12-25' } });
    expect(informal.explanation.summary).toContain('Algemene termijnenwet');
    // Not satisfied: on to the formal procedure on 1 December; the term runs on from the first receipt.
    const escalated = await event(t, x.id, cookie, { type: 'escalated', toLevel: 'formal', on: '2025-12-01' });
    const formal = deadline(escalated, 'decision', 'formal') as any;
    expect(formal).toMatchObject({ due: '2025-12-29' });
    expect(formal.explanation.start).toEqual({ event: 'first-received', date: '2025-11-13' });
    expect(formal.explanation.summary).toContain('first receipt');

    // An oral complaint settled informally has no written complaint's terms (Awb 9:4).
    const oral = await register('2025-12-19', 'phone');
    expect(oral.deadlines).toEqual([]);
  });

  it('turns an anonymous complaint into a signal (Awb 9:4) and refers an objection with the 6-week objection term (Awb 6:7)', async () => {
    const { org, people } = await setUpOrganisation(t, 'awb-gemeente', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const anonymous = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'phone',
      receivedAt: '2026-06-01',
      description: 'Anonieme beller: loket vaak dicht.',
    });
    expect(anonymous.statusCode, anonymous.body).toBe(201);
    expect(anonymous.json()).toMatchObject({ kind: 'signal', reclassifiedFrom: 'complaint' });
    // Decision of Friday 1 May 2026 + 6 weeks = Friday 12 June 2026.
    const objection = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'objection',
      channel: 'post',
      receivedAt: '2026-05-08',
      decisionDate: '2026-05-01',
      complainant,
      description: 'Ik ben het niet eens met de weigering.',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const o = objection.json();
    expect(o.status).toBe('referred');
    expect(deadline(o, 'objection')).toMatchObject({ due: '2026-06-12', status: 'met', source: 'Awb 6:7' });
    const text = await letterText(
      t,
      o.id,
      cookie,
      (await letters(t, o.id, cookie)).find((l) => l.kind === 'referral'),
    );
    expect(text).toContain(`Uiterlijk op ${nl('2026-06-12')}`);
  });
});
