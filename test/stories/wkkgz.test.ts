import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { deadline, event, letterKeys, letters, letterText } from './story.ts';

// Wkkgz for care providers: the complaints officer sends a motivated judgement
// within 6 weeks of receipt; the provider may extend by at most 4 weeks,
// announced in writing to the complainant before the term ends; more only with
// written consent (Wkkgz art. 17). Then the independent dispute body (art. 18).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Joke Hermans', role: 'legal-representative', email: 'joke@example.org', address: 'Zorglaan 2, 5611 AA Eindhoven' };

async function complaint(receivedAt: string) {
  const { org, people } = await setUpOrganisation(t, 'wkkgz', ['complaints-officer', 'employee']);
  const cookie = people['complaints-officer']!.cookie;
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: org.id,
    kind: 'complaint',
    channel: 'email',
    receivedAt,
    complainant,
    respondents: [{ userId: people.employee!.id, department: 'Thuiszorg' }],
    description: 'De wijkverpleging gaf mijn moeder drie dagen haar medicijnen niet.',
    categories: ['quality-of-help'],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { c: res.json(), cookie };
}

describe('Wkkgz story', () => {
  it('judges within 6 weeks, extended once by 4 weeks with written notice to the complainant, then closes (Wkkgz art. 17)', async () => {
    // Received Monday 29 June 2026: 6 weeks → Monday 10 August 2026.
    const { c, cookie } = await complaint('2026-06-29');
    expect(c).toMatchObject({ level: 'provider', status: 'received', kind: 'complaint' });
    const due = deadline(c, 'decision', 'provider');
    expect(due).toMatchObject({ due: '2026-08-10' });
    expect(due.source).toBe('Wkkgz art. 17');
    // No hearing is prescribed: a decision needs none.
    await event(t, c.id, cookie, { type: 'contacted', note: 'Gesprek met de dochter van cliënte.', on: '2026-07-01' });
    await event(t, c.id, cookie, { type: 'mediation', agreements: 'Bemiddelingsgesprek met de teamleider.', on: '2026-07-15' });

    // More than 4 weeks needs consent (Wkkgz art. 17).
    const tooLong = await event(t, c.id, cookie, { type: 'extended', weeks: 6, reason: 'Onderzoek loopt.', on: '2026-08-03' }, 409);
    expect(tooLong.error.message).toContain('Wkkgz art. 17');
    // 4 weeks on Monday 3 August: 10 August + 4 weeks = Monday 7 September 2026.
    const extended = await event(t, c.id, cookie, { type: 'extended', weeks: 4, reason: 'Wij wachten op het verslag van de arts.', on: '2026-08-03' });
    expect(deadline(extended, 'decision', 'provider')).toMatchObject({ due: '2026-09-07' });
    // In writing to the complainant (the law names only the complainant here).
    const extLetters = (await letters(t, c.id, cookie)).filter((l) => l.kind === 'extension');
    expect(extLetters.map((l) => l.recipient)).toEqual(['complainant']);
    const extText = await letterText(t, c.id, cookie, extLetters[0]);
    expect(extText).toContain('Joke Hermans');
    expect(extText).toContain(c.reference);
    expect(extText).toContain('4 weken');
    // Only once without consent.
    await event(t, c.id, cookie, { type: 'extended', weeks: 1, reason: 'Nog even.', on: '2026-09-01' }, 409);

    const decided = await event(t, c.id, cookie, {
      type: 'decided',
      outcome: 'well-founded',
      on: '2026-08-31',
      motivation: 'De medicatie is drie dagen niet gegeven door een fout in de planning.',
      recommendations: ['Dubbele controle van de medicatielijst.'],
    });
    expect(decided.status).toBe('decided');
    expect(deadline(decided, 'decision', 'provider')).toMatchObject({ due: '2026-09-07', status: 'met' });
    const ls = await letters(t, c.id, cookie);
    expect(letterKeys(ls.filter((l) => l.kind === 'decision'))).toEqual(['decision:complainant']);
    const text = await letterText(
      t,
      c.id,
      cookie,
      ls.find((l) => l.kind === 'decision'),
    );
    expect(text).toContain('Joke Hermans');
    expect(text).toContain(c.reference);
    expect(text).toContain('gegrond');
    expect(text).toContain('Dubbele controle van de medicatielijst.');
    expect((await event(t, c.id, cookie, { type: 'closed', on: '2026-09-01' })).status).toBe('closed');
    // Not satisfied: the independent dispute body (Wkkgz art. 18), in the same dossier.
    const disputed = await event(t, c.id, cookie, { type: 'escalated', toLevel: 'dispute-body', on: '2026-09-14' });
    expect(disputed).toMatchObject({ id: c.id, level: 'dispute-body', status: 'received' });
  });

  it('refuses an extension announced after the 6 weeks ran out, and runs a term ending on a holiday to the next working day (Wkkgz art. 17, Atw art. 1)', async () => {
    // Received Thursday 2 April 2026: 6 weeks → Thursday 14 May 2026, Ascension Day → Friday 15 May.
    const { c, cookie } = await complaint('2026-04-02');
    expect(deadline(c, 'decision', 'provider')).toMatchObject({ due: '2026-05-15' });
    const late = await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Drukte.', on: '2026-05-18' }, 409);
    expect(late.error.message).toContain('2026-05-15');
    // With the complainant's written consent a later delay is possible: 14 May + 2 weeks = Thursday 28 May.
    const consented = await event(t, c.id, cookie, { type: 'extended', weeks: 2, reason: 'Drukte.', consent: { recordedOn: '2026-05-18' }, on: '2026-05-18' });
    expect(deadline(consented, 'decision', 'provider').due).toBe('2026-05-28');
    const text = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'extension'),
    );
    expect(text).toContain('2 weken');
    expect(text).toContain(c.reference);
    // (The new date in this backdated letter is wrong: see the extension-letter bug in awb-gemeente.test.ts.)
  });
});
