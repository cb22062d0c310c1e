import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { event, letters, letterText, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.3: an advisory level. A committee hears both sides and advises within
// 8 weeks; the board then decides within 4 weeks of the advice and motivates where it
// departs from it (Awb 9:14, Awb 9:15); the decision letter says so.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.levels = [
    {
      id: 'committee',
      name: 'de klachtadviescommissie',
      handlerRole: 'complaints-officer',
      gives: 'advice',
      kinds: ['complaint'],
      terms: { decision: { length: 4, unit: 'weeks', from: 'advised', source: 'Regeling art. 9' } },
      namedTerms: [{ id: 'advice', name: 'Advies van de commissie', metBy: 'advised', length: 8, unit: 'weeks', from: 'received', source: 'Regeling art. 8' }],
      hearing: { mode: 'required', skipGrounds: ['waived'], reportRequired: true, source: 'Regeling art. 7' },
      source: 'Regeling art. 6',
    },
  ];
  r.letters.push({ kind: 'decision', to: ['complainant'], source: 'Regeling art. 9' });
});

describe('an advisory level (issue 9 §2.3, Awb 9:14, Awb 9:15)', () => {
  it('the committee advises after hearing both sides; the board decides on the advice and motivates its departure', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation);
    expect(warnings).toEqual([]);
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'Noor Bakker', role: 'client', email: 'noor@example.org' },
        description: 'Mijn dossier is zonder toestemming gedeeld.',
      })
    ).json();
    // Monday 5 October 2026 + 8 weeks = Monday 30 November 2026; the board's term waits for the advice.
    expect(c.deadlines.map((d: { kind: string; due: string }) => [d.kind, d.due]).sort()).toEqual([['named', '2026-11-30']]);
    // Not before both sides are heard: only what can succeed is offered.
    expect(c.allowedEvents).not.toContain('advised');

    expect((await event(t, c.id, cookie, { type: 'advised', outcome: 'well-founded', motivation: 'x', on: '2026-10-20' }, 409)).error.code).toBe('hearing-required');
    expect((await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: 'x', on: '2026-10-20' }, 409)).error.code).toBe('advice-pending');
    await event(t, c.id, cookie, { type: 'hearing-scheduled', at: '2026-11-02T14:00', on: '2026-10-21' });
    const heard = await event(t, c.id, cookie, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-11-02' });
    expect(heard.allowedEvents).toContain('advised');
    expect(heard.allowedEvents).not.toContain('decided'); // the board decides after the advice
    const advised = await event(t, c.id, cookie, { type: 'advised', outcome: 'well-founded', motivation: 'Delen zonder toestemming mocht niet.', on: '2026-11-16' });
    expect(advised.allowedEvents).not.toContain('advised');
    // The board decides within 4 weeks of the advice: Monday 14 December 2026.
    const board = advised.deadlines.find((d: { kind: string }) => d.kind === 'decision');
    expect(board).toMatchObject({ due: '2026-12-14', status: 'open', explanation: { start: { event: 'advised', date: '2026-11-16' } } });
    expect(advised.deadlines.find((d: { kind: string }) => d.kind === 'named')).toMatchObject({ status: 'met' });

    const unmotivated = await event(t, c.id, cookie, { type: 'decided', outcome: 'partly-well-founded', motivation: 'Gedeeltelijk.', on: '2026-11-20' }, 409);
    expect(unmotivated.error).toMatchObject({ code: 'departure-not-motivated', message: expect.stringContaining('Awb 9:15') });
    const decided = await event(t, c.id, cookie, {
      type: 'decided',
      outcome: 'partly-well-founded',
      motivation: 'Delen met de huisarts was nodig; met de school niet.',
      on: '2026-11-20',
      departureReason: 'De commissie wist niet dat de huisarts om spoed had gevraagd.',
    });
    expect(decided.status).toBe('decided');
    const text = await letterText(
      t,
      c.id,
      cookie,
      (await letters(t, c.id, cookie)).find((l) => l.kind === 'decision'),
    );
    expect(text).toContain('Het advies van de klachtadviescommissie');
    expect(text).toContain('Wij wijken af van dit advies');
    expect(text).toContain('De commissie wist niet dat de huisarts om spoed had gevraagd.');
  });

  it('a level that decides gives no advice, and the checker allows an advisory level 10 + 4 weeks (Awb 9:14)', async () => {
    const { org, people } = await setUpWithRegulation(t, ownRegulation());
    const c = (
      await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'A. Baas', role: 'client' },
        description: 'x',
      })
    ).json();
    expect(c.allowedEvents).not.toContain('advised');
    const awb = ownRegulation((r) => {
      r.organisationType = 'municipality';
      r.levels[0].gives = 'advice';
      r.levels[0].terms.decision = { length: 10, unit: 'weeks', from: 'received', atw: true, source: 'Awb 9:11' };
    });
    const { checkRegulation } = await import('../../src/domain/check.ts');
    expect(checkRegulation(awb).warnings.map((w) => w.path)).not.toContain('levels[0].terms.decision');
  });

  it('when a committee advises, the board decides: the committee members cannot record the decision, the organisation can (Awb 9:14)', async () => {
    const committeeAdvises = ownRegulation((r) => {
      r.levels = [
        {
          id: 'committee',
          name: 'de klachtadviescommissie',
          handlerRole: 'committee-member',
          gives: 'advice',
          kinds: ['complaint'],
          terms: { decision: { length: 4, unit: 'weeks', from: 'advised', source: 'Regeling art. 9' } },
          hearing: { mode: 'optional', source: 'Regeling art. 7' },
          source: 'Regeling art. 6',
        },
      ];
    });
    const { org, people } = await setUpWithRegulation(t, committeeAdvises, ['complaints-officer', 'committee-member']);
    const officer = people['complaints-officer']!.cookie;
    const member = people['committee-member']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', officer, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-10-05',
        complainant: { name: 'B. Raad', role: 'client' },
        description: 'De begeleiding stopte zonder bericht.',
      })
    ).json();
    await event(t, c.id, officer, { type: 'hearing-scheduled', at: '2026-10-20T10:00', on: '2026-10-12' });
    await event(t, c.id, officer, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-10-20' });
    const advised = await event(t, c.id, member, { type: 'advised', outcome: 'well-founded', motivation: 'De afspraak werd niet nagekomen.', on: '2026-10-26' });
    // The committee advised; the decision is the board's.
    expect(advised.allowedEvents).not.toContain('decided');
    const refused = await event(t, c.id, member, { type: 'decided', outcome: 'well-founded', motivation: 'Zoals geadviseerd.', on: '2026-10-27' }, 403);
    expect(refused.error.code).toBe('forbidden');
    const asOfficer = (await (await import('../helpers/world.ts')).get(t, `/api/v1/cases/${c.id}`, officer)).json();
    expect(asOfficer.allowedEvents).toContain('decided');
    const decided = await event(t, c.id, officer, { type: 'decided', outcome: 'well-founded', motivation: 'Wij nemen het advies over.', on: '2026-10-27' });
    expect(decided.status).toBe('decided');
  });
});
