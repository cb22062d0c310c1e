import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { event, getCase, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 12, hearing conditions: "a hearing only when the complaint is not solved at once".
// The level requires a hearing, except for a decision `resolved` (Awb 9:5: solved to the
// complainant's satisfaction); every other outcome is heard first. Allowed actions list
// only what can succeed.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.levels[0].hearing = {
    mode: 'required',
    reportRequired: true,
    source: 'Regeling art. 4 lid 1',
    notRequiredFor: { outcomes: ['resolved'], source: 'Regeling art. 4 lid 2' },
  };
});

async function newCase(orgId: string, cookie: string) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: orgId,
    kind: 'complaint',
    channel: 'email',
    receivedAt: '2026-10-05',
    complainant: { name: 'Sanne de Wit', role: 'client', email: 'sanne@example.org' },
    description: 'Mijn afspraak werd twee keer verzet.',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('a hearing only when the complaint is not solved at once (issue 12, Awb 9:5)', () => {
  it('a complaint solved at first contact is decided "resolved" without a hearing; the timeline says why', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation);
    expect(warnings).toEqual([]);
    const cookie = people['complaints-officer']!.cookie;
    const c = await newCase(org.id, cookie);
    expect(c.allowedEvents).toContain('decided');
    expect(c.allowedEvents).not.toContain('hearing-skipped'); // no skip grounds: it would always fail
    await event(t, c.id, cookie, { type: 'contacted', note: 'Nieuwe afspraak gemaakt; mevrouw is tevreden.', on: '2026-10-06' });
    const decided = await event(t, c.id, cookie, { type: 'decided', outcome: 'resolved', motivation: 'Direct opgelost met een nieuwe afspraak.', on: '2026-10-06' });
    expect(decided.status).toBe('decided');
    const entry = decided.events.find((e: { type: string }) => e.type === 'decided');
    expect(entry.data.hearingNotRequired).toEqual({ source: 'Regeling art. 4 lid 2' });
  });

  it('any other outcome needs the hearing first (409 naming the condition), and after it no hearing note', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const c = await newCase(org.id, cookie);
    const refused = await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: 'x', on: '2026-10-06' }, 409);
    expect(refused.error.code).toBe('hearing-required');
    expect(refused.error.message).toContain('Regeling art. 4 lid 2');
    // A resolved main outcome with a point judged otherwise still needs the hearing.
    const mixed = await event(
      t,
      c.id,
      cookie,
      {
        type: 'decided',
        outcome: 'resolved',
        motivation: 'x',
        on: '2026-10-06',
        points: [{ description: 'Verzetten', outcome: 'well-founded' }],
      },
      409,
    );
    expect(mixed.error.code).toBe('hearing-required');
    await event(t, c.id, cookie, { type: 'hearing-scheduled', at: '2026-10-12T10:00', on: '2026-10-07' });
    expect((await getCase(t, c.id, cookie)).allowedEvents).not.toContain('decided'); // the planned hearing comes first
    await event(t, c.id, cookie, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-10-12' });
    const decided = await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: 'Twee keer verzet zonder reden.', on: '2026-10-13' });
    expect(decided.events.find((e: { type: string }) => e.type === 'decided').data.hearingNotRequired).toBeUndefined();
  });

  it('without the condition a required hearing blocks every decision, as before; the checker refuses a useless condition', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.levels[0].hearing = { mode: 'required', reportRequired: true, source: 'Regeling art. 4' };
      }),
    );
    const cookie = people['complaints-officer']!.cookie;
    const c = await newCase(org.id, cookie);
    expect(c.allowedEvents).not.toContain('decided');
    expect((await event(t, c.id, cookie, { type: 'decided', outcome: 'resolved', motivation: 'x', on: '2026-10-06' }, 409)).error.code).toBe('hearing-required');

    const { checkRegulation } = await import('../../src/domain/check.ts');
    const optional = ownRegulation((r) => {
      r.levels[0].hearing = { mode: 'optional', notRequiredFor: { outcomes: ['resolved'], source: 'x art. 1' }, source: 'x art. 1' };
    });
    expect(checkRegulation(optional).errors.map((e) => e.path)).toEqual(['levels[0].hearing.notRequiredFor']);
    const unreachable = ownRegulation((r) => {
      r.levels[0].outcomes = ['well-founded', 'unfounded'];
      r.levels[0].hearing = { mode: 'required', notRequiredFor: { outcomes: ['resolved'], source: 'x art. 1' }, source: 'x art. 1' };
    });
    expect(checkRegulation(unreachable).errors.map((e) => e.path)).toEqual(['levels[0].hearing.notRequiredFor.outcomes']);
    // Under the Awb only a resolved complaint goes without a hearing (Awb 9:5, Awb 9:10).
    const awb = (outcomes: string[]) =>
      ownRegulation((r) => {
        r.organisationType = 'municipality';
        r.levels[0].hearing = { mode: 'required', reportRequired: true, notRequiredFor: { outcomes, source: 'x art. 1' }, source: 'x art. 1' };
      });
    expect(checkRegulation(awb(['resolved'])).warnings.map((w) => w.path)).not.toContain('levels[0].hearing.notRequiredFor.outcomes');
    expect(checkRegulation(awb(['resolved', 'unfounded'])).warnings.find((w) => w.path === 'levels[0].hearing.notRequiredFor.outcomes')?.message).toContain('Awb 9:10');
  });
});
