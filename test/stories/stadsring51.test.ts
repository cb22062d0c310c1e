import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { deadline, event, letterKeys, letters } from './story.ts';

// Stadsring51 [004] (its main story is test/api/cases.test.ts): the hearing may be
// skipped only when the complaint is manifestly unfounded or the complainant
// waived it [004 §6.6]; Stadsring51 has no "no response" ground (that is Awb 9:10).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function complaint() {
  const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
  const cookie = people['complaints-officer']!.cookie;
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: org.id,
    kind: 'complaint',
    channel: 'post',
    receivedAt: '2026-03-04',
    complainant: { name: 'Piet Kramer', role: 'client', email: 'piet@example.org' },
    description: 'Mijn begeleider was twee keer te laat.',
    incidentDates: ['2026-02-20'],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { c: res.json(), cookie };
}

describe('Stadsring51 hearing [004 §6.5–6.7]', () => {
  it("skips the hearing only on the regulation's grounds [004 §6.6]", async () => {
    const { c, cookie } = await complaint();
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-03-06' });
    // No answer from the complainant is not a ground under [004 §6.6].
    const noResponse = await event(t, c.id, cookie, { type: 'hearing-skipped', ground: 'no-response', on: '2026-03-09' }, 409);
    expect(noResponse.error.message).toContain('004 §6');
    // An unknown ground is bad input.
    expect((await post(t, `/api/v1/cases/${c.id}/events`, cookie, { type: 'hearing-skipped', ground: 'too-busy', on: '2026-03-09' })).statusCode).toBe(400);
    // Still no decision without the hearing [004 §6.5].
    await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x', on: '2026-03-09' }, 409);
    // The complainant waived the right to be heard: allowed.
    const waived = await event(t, c.id, cookie, { type: 'hearing-skipped', ground: 'waived', on: '2026-03-09' });
    expect(waived.status).toBe('in-progress');
    // Once skipped, no invitation was sent, and the decision may follow.
    expect(letterKeys(await letters(t, c.id, cookie))).not.toContain('hearing-invitation:complainant');
    const decided = await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'De begeleider was op tijd volgens de planning.', on: '2026-03-20' });
    expect(decided.status).toBe('decided');
    // 8 weeks from 4 March 2026: 29 April 2026 [004 §6.8].
    expect(deadline(decided, 'decision')).toMatchObject({ due: '2026-04-29', status: 'met' });
  });

  it('skips the hearing of a manifestly unfounded complaint, but not once it has been held [004 §6.6]', async () => {
    const { c, cookie } = await complaint();
    expect((await event(t, c.id, cookie, { type: 'hearing-skipped', ground: 'manifestly-unfounded', on: '2026-03-10' })).status).toBe('in-progress');

    const other = await complaint();
    await event(t, other.c.id, other.cookie, { type: 'hearing-scheduled', at: '2026-03-18T10:00:00+01:00', on: '2026-03-10' });
    await event(t, other.c.id, other.cookie, { type: 'hearing-held', report: 'Klager gehoord.', on: '2026-03-18' });
    await event(t, other.c.id, other.cookie, { type: 'hearing-skipped', ground: 'waived', on: '2026-03-19' }, 409);
  });
});
