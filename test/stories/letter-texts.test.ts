import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { event, getCase, letterKeys, letters, letterText, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §4 "letters' texts": an organisation writes its own words in a letter; the
// standard text (the date of receipt, the term, the route to the ombudsman) stays.
// Issue 13: the motivation shown to each party is what the regulation lets them see:
// here the respondent reads the motivation, but not the judgement per point nor the
// recommendations, which go to the complainant only.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const INTRO = 'Bij ons leest altijd een tweede collega mee met uw klacht.';
const CLOSING = 'Wij leren van elke klacht.\n\nDank u wel dat u de moeite nam.';
const DECISION_CLOSING = 'Wij bellen u over twee weken om te horen hoe het nu gaat.';
const POINT = 'De begeleider kwam niet op de afspraak';
const RECOMMENDATION = 'Bel de cliënt terug binnen twee werkdagen.';
const MOTIVATION = 'De afspraak stond in de agenda, maar niemand belde af.';

const regulation = ownRegulation((r) => {
  r.contacts = [{ id: 'ombudsman', name: 'Nationale ombudsman', role: 'ombudsman', postalAddress: ['Postbus 93122', '2509 AC Den Haag'], source: 'Regeling art. 10' }];
  r.letters = [
    { kind: 'acknowledgement', to: ['complainant'], text: { intro: INTRO, closing: CLOSING, source: 'Regeling art. 3' }, source: 'Regeling art. 3' },
    { kind: 'decision', to: ['complainant'], names: ['ombudsman'], text: { closing: DECISION_CLOSING, source: 'Regeling art. 8' }, source: 'Regeling art. 8' },
    { kind: 'decision', to: ['respondent'], parts: ['motivation'], source: 'Regeling art. 8 lid 2' },
  ];
});

describe("the organisation's own words in its letters (issue 9 §4) and who reads which part of the decision (issue 13)", () => {
  it('the acknowledgement carries the own intro after the opening and the own closing before the questions, beside the standard text and term', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation, ['complaints-officer', 'employee']);
    expect(warnings).toEqual([]);
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'Noor Bakker', role: 'client', email: 'noor@example.org' },
        description: 'De begeleider kwam niet.',
        respondents: [{ userId: people.employee!.id }],
      })
    ).json();
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-10-06' });
    const ack = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'acknowledgement'),
    );
    const opening = ack.indexOf('Wij hebben uw klacht ontvangen op 5 oktober 2026');
    const intro = ack.indexOf(INTRO);
    const next = ack.indexOf('Wat gebeurt er nu?');
    const closing = ack.indexOf('Wij leren van elke klacht.');
    const questions = ack.indexOf('Heeft u vragen?');
    expect(opening, ack).toBeGreaterThanOrEqual(0);
    expect(opening < intro && intro < next, ack).toBe(true);
    // The term stays: 5 October 2026 + 6 weeks = Monday 16 November 2026 (Regeling art. 5).
    expect(ack).toContain('Uiterlijk op 16 november 2026');
    expect(next < closing && closing < questions, ack).toBe(true);
    expect(ack).toContain('Dank u wel dat u de moeite nam.');
  });

  it("the complainant's decision letter has every part, the own closing and the route to the ombudsman; the respondent's only the motivation", async () => {
    const { org, people } = await setUpWithRegulation(t, regulation, ['complaints-officer', 'employee']);
    const cookie = people['complaints-officer']!.cookie;
    const employee = people.employee!;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'Noor Bakker', role: 'client', email: 'noor@example.org' },
        description: 'De begeleider kwam niet.',
        respondents: [{ userId: employee.id }],
      })
    ).json();
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-10-06' });
    await event(t, c.id, cookie, {
      type: 'decided',
      outcome: 'well-founded',
      motivation: MOTIVATION,
      on: '2026-10-20',
      points: [{ description: POINT, outcome: 'well-founded' }],
      recommendations: [RECOMMENDATION],
    });
    const all = await letters(t, c.id, cookie);
    expect(letterKeys(all.filter((l) => l.kind === 'decision')).sort()).toEqual(['decision:complainant', 'decision:respondent']);

    const toComplainant = await letterText(
      t,
      c.id,
      cookie,
      all.find((l) => l.kind === 'decision' && l.recipient === 'complainant'),
    );
    for (const part of [MOTIVATION, POINT, RECOMMENDATION, DECISION_CLOSING]) expect(toComplainant).toContain(part);
    // The route onwards stays whatever the organisation wrote (Awb 9:12).
    expect(toComplainant).toContain('Bent u het niet eens met ons oordeel?');
    expect(toComplainant).toContain('Nationale ombudsman');
    expect(toComplainant.indexOf('Nationale ombudsman')).toBeLessThan(toComplainant.indexOf(DECISION_CLOSING));

    const toRespondent = await letterText(
      t,
      c.id,
      cookie,
      all.find((l) => l.kind === 'decision' && l.recipient === 'respondent'),
    );
    expect(toRespondent).toContain(MOTIVATION);
    expect(toRespondent).toContain('De klacht is gegrond.');
    for (const hidden of [POINT, RECOMMENDATION, DECISION_CLOSING, 'Wat moet er beter?']) expect(toRespondent).not.toContain(hidden);

    // The respondent's own view of the case: the motivation the regulation gives them, no recommendations.
    const seen = (await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).json();
    expect(seen.view).toBe('respondent');
    expect(seen.decision).toMatchObject({ outcome: 'well-founded', motivation: MOTIVATION });
    expect(JSON.stringify(seen)).not.toContain(RECOMMENDATION);
    expect(JSON.stringify(seen)).not.toContain(POINT);
  });

  it('a respondent given only the points does not read the motivation, in the letter or on the case page', async () => {
    const pointsOnly = ownRegulation((r) => {
      r.letters = [
        { kind: 'decision', to: ['complainant'], source: 'Regeling art. 8' },
        { kind: 'decision', to: ['respondent'], parts: ['points'], source: 'Regeling art. 8 lid 2' },
      ];
    });
    const { org, people } = await setUpWithRegulation(t, pointsOnly, ['complaints-officer', 'employee']);
    const cookie = people['complaints-officer']!.cookie;
    const employee = people.employee!;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'Noor Bakker', role: 'client', email: 'noor@example.org' },
        description: 'De begeleider kwam niet.',
        respondents: [{ userId: employee.id }],
      })
    ).json();
    await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: MOTIVATION, on: '2026-10-20', points: [{ description: POINT, outcome: 'well-founded' }] });
    const all = await letters(t, c.id, cookie);
    const toRespondent = await letterText(
      t,
      c.id,
      cookie,
      all.find((l) => l.kind === 'decision' && l.recipient === 'respondent'),
    );
    expect(toRespondent).toContain(POINT);
    expect(toRespondent).not.toContain(MOTIVATION);
    expect(toRespondent).not.toContain('Waarom?');
    const toComplainant = await letterText(
      t,
      c.id,
      cookie,
      all.find((l) => l.kind === 'decision' && l.recipient === 'complainant'),
    );
    expect(toComplainant).toContain(MOTIVATION);
    const seen = (await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).json();
    expect(seen.decision.outcome).toBe('well-founded');
    expect(seen.decision.motivation).toBeUndefined();
    // The handling side still reads it.
    expect((await getCase(t, c.id, cookie)).decision.motivation).toBe(MOTIVATION);
  });

  it('refuses, naming the field, a letter text without words, parts on another letter, and a complainant without the motivation (Awb 9:12)', async () => {
    const { org, people } = await setUpWithRegulation(t, ownRegulation(), ['complaints-officer']);
    const admin = people.admin!.cookie;
    const store = (change: (r: Record<string, any>) => void) =>
      post(t, '/api/v1/regulations', admin, { organisationId: org.id, regulation: { ...ownRegulation(change), id: `${org.slug}-fout` } });
    const cases: [(r: Record<string, any>) => void, string, RegExp][] = [
      [(r) => (r.letters[0].text = { source: 'Regeling art. 3' }), 'regulation.letters[0].text.intro', /intro or a closing/],
      [(r) => (r.letters[0].parts = ['motivation']), 'regulation.letters[0].parts', /only a decision letter/],
      [(r) => r.letters.push({ kind: 'decision', to: ['complainant', 'respondent'], parts: ['points'], source: 'x art. 1' }), 'regulation.letters[1].parts', /Awb 9:12/],
    ];
    for (const [change, path, message] of cases) {
      const res = await store(change);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toContainEqual({ path, message: expect.stringMatching(message) });
    }
  });
});
