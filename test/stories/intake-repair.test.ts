import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { deadline, event, letters, letterText, nl, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.7: intake rules enforced, not only listed. Complaints in writing only; a
// written complaint signed; a representative's written authorisation. What is missing
// is asked for in a letter with a term to repair it, the case waits meanwhile, and
// only after the term can it be not handled on that ground (Awb 4:5, Awb 9:4).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.intake = {
    channels: ['post', 'email', 'web', 'phone'],
    perKind: [{ kind: 'complaint', channels: ['post', 'email', 'web'], source: 'Regeling art. 2 lid 1' }],
    writtenSignatureRequired: true,
    representativeAuthorisationRequired: true,
    repairTerm: { length: 2, unit: 'weeks', from: 'received', atw: true, source: 'Regeling art. 2 lid 3, Awb 4:5' },
    source: 'Regeling art. 2',
  };
  r.kinds.push({ kind: 'dissatisfaction', registerWhenSolved: true, source: 'Regeling art. 1 lid 2' });
  r.levels[0].kinds = ['complaint', 'dissatisfaction'];
});

describe('intake rules with a repair term (issue 9 §2.7, Awb 4:5)', () => {
  it('asks an unsigned complaint by a representative without authorisation to be repaired, waits, and goes on once repaired', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const base = { organisationId: org.id, kind: 'complaint', description: 'De hulp aan mijn moeder stopte zonder bericht.', receivedAt: '2026-11-16' };

    // Complaints in writing only: by phone it is a 400 naming the channel; dissatisfaction by phone is fine.
    const byPhone = await post(t, '/api/v1/cases', cookie, { ...base, channel: 'phone', complainant: { name: 'Jan Kok', role: 'client' } });
    expect(byPhone.statusCode).toBe(400);
    expect(byPhone.json().error.details[0]).toMatchObject({ path: 'channel', message: expect.stringContaining('Regeling art. 2 lid 1') });
    expect((await post(t, '/api/v1/cases', cookie, { ...base, kind: 'dissatisfaction', channel: 'phone', complainant: { name: 'Jan Kok', role: 'client' } })).statusCode).toBe(201);

    const res = await post(t, '/api/v1/cases', cookie, {
      ...base,
      channel: 'post',
      signed: false,
      complainant: { name: 'Peter Kok', role: 'authorised-person', address: 'Dorpsstraat 3, 1234 AB Dorp' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ status: 'awaiting-repair', statusLabel: 'Wacht op aanvulling' });
    expect(c.facts.missing).toEqual(['signature', 'authorisation']);
    // Monday 16 November 2026 + 2 weeks = Monday 30 November 2026.
    expect(deadline(c, 'repair')).toMatchObject({ due: '2026-11-30', source: 'Regeling art. 2 lid 3, Awb 4:5' });
    expect(c.allowedEvents).toEqual(expect.arrayContaining(['repaired', 'withdrawn', 'admissibility-decided']));
    expect(c.allowedEvents).not.toContain('decided');
    const ls = await letters(t, c.id, cookie);
    expect(ls.map((l) => `${l.kind}:${l.recipient}`)).toEqual(['repair-request:complainant']);
    const text = await letterText(t, c.id, cookie, ls[0]);
    expect(text).toContain('handtekening');
    expect(text).toContain('machtiging');
    expect(text).toContain(`uiterlijk op ${nl('2026-11-30')}`);

    // Waiting: no decision meanwhile.
    await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x', on: '2026-11-20' }, 409);
    const repaired = await event(t, c.id, cookie, { type: 'repaired', note: 'Ondertekende klacht en machtiging ontvangen.', on: '2026-11-25' });
    expect(repaired.status).toBe('received');
    expect(deadline(repaired, 'repair')).toMatchObject({ status: 'met' });
    expect(repaired.allowedEvents).toContain('decided');
  });

  it('not repaired in time: not handled on the ground "incomplete", only after the term, with a letter [Awb 4:5]', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        signed: false,
        receivedAt: '2026-11-02',
        complainant: { name: 'Eva Smit', role: 'client', email: 'eva@example.org' },
        description: 'Niet ondertekend.',
      })
    ).json();
    expect(c.facts.missing).toEqual(['signature']);
    // Monday 2 November + 2 weeks = Monday 16 November 2026: on that day the term still runs.
    const early = await event(t, c.id, cookie, { type: 'admissibility-decided', admissible: false, grounds: ['incomplete'], on: '2026-11-16' }, 409);
    expect(early.error.code).toBe('repair-term-running');
    const done = await event(t, c.id, cookie, { type: 'admissibility-decided', admissible: false, grounds: ['incomplete'], on: '2026-11-17' });
    expect(done.status).toBe('inadmissible');
    expect((await letters(t, c.id, cookie)).map((l) => l.kind)).toContain('inadmissibility');
    // A signed complaint by a client needs no repair.
    const fine = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        signed: true,
        complainant: { name: 'Eva Smit', role: 'client' },
        description: 'Ondertekend.',
      })
    ).json();
    expect(fine.status).toBe('received');
  });
});
