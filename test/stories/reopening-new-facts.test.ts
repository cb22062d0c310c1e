import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { event, getCase, letters, letterText, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.10: reopening only with new facts or circumstances, where the regulation
// says so. The reopen event must state them (400 naming `newFacts`), and a complaint
// that repeats an ended case of the same complainant about the same respondent,
// without new facts, is proposed inadmissible: already handled.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.reopening = { onlyWithNewFacts: true, source: 'Regeling art. 11' };
  r.letters.push({ kind: 'inadmissibility', to: ['complainant'], source: 'Regeling art. 6' });
});

const complaint = (orgId: string, extra: Record<string, unknown> = {}) => ({
  organisationId: orgId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-10-05',
  complainant: { name: 'Fatima el Amrani', role: 'client', email: 'Fatima@example.org' },
  respondents: [{ name: 'J. de Groot' }],
  description: 'Mijn klantmanager belt niet terug.',
  ...extra,
});

async function handledCase(t: TestApp, orgId: string, cookie: string) {
  const c = (await post(t, '/api/v1/cases', cookie, complaint(orgId))).json();
  await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: 'Terugbellen is afgesproken en niet gedaan.', on: '2026-10-12' });
  await event(t, c.id, cookie, { type: 'closed', on: '2026-10-12' });
  return c;
}

describe('reopening only with new facts or circumstances (issue 9 §2.10)', () => {
  it('the reopen event needs the new facts (400 naming newFacts); with them the case runs again', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const c = await handledCase(t, org.id, cookie);
    const res = await post(t, `/api/v1/cases/${c.id}/events`, cookie, { type: 'reopened', circumstances: 'Klaagster belt opnieuw.' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'body.newFacts', message: expect.stringContaining('Regeling art. 11') }]);
    const reopened = await event(t, c.id, cookie, {
      type: 'reopened',
      circumstances: 'Klaagster belt opnieuw.',
      newFacts: 'Na het oordeel is zij weer twee weken niet teruggebeld.',
    });
    expect(reopened.status).toBe('in-progress');
    expect(reopened.events.at(-1).data.newFacts).toBe('Na het oordeel is zij weer twee weken niet teruggebeld.');
  });

  it('a repeated complaint without new facts is proposed inadmissible as already handled, and the letter says how to go on', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const first = await handledCase(t, org.id, cookie);
    // The same person (e-mail compared without case) about the same employee.
    const again = (
      await post(t, '/api/v1/cases', cookie, complaint(org.id, { complainant: { name: 'F. el Amrani', role: 'client', email: 'fatima@example.org' }, receivedAt: undefined }))
    ).json();
    expect(again.admissibility).toMatchObject({ proposal: 'inadmissible', grounds: [{ code: 'already-handled', source: 'Regeling art. 11', basis: 'fact' }] });
    expect(again.admissibility.grounds[0].explanation).toContain(first.reference);
    expect(again.facts.repeatOf).toBe(first.reference);
    expect(again.events[0].data.repeatOf).toBe(first.reference);
    // The regulation lists no "already handled" ground itself; its reopening rule is the ground.
    const decided = await event(t, again.id, cookie, { type: 'admissibility-decided', admissible: false, grounds: ['already-handled'] });
    expect(decided.status).toBe('inadmissible');
    const text = await letterText(
      t,
      again.id,
      cookie,
      (await letters(t, again.id, cookie)).find((l) => l.kind === 'inadmissibility'),
    );
    expect(text).toContain(`(zaak ${first.reference})`);
    expect(text).toContain('U noemt geen nieuwe feiten of omstandigheden');

    // With new facts the same repeat is handled as usual.
    const withFacts = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { receivedAt: undefined, newFacts: 'Sinds het oordeel is er opnieuw niet gebeld.' }))).json();
    expect(withFacts.admissibility.proposal).toBe('admissible');
    expect(withFacts.facts.repeatOf).toBe(first.reference);
    // Another respondent is another complaint.
    const other = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { receivedAt: undefined, respondents: [{ name: 'P. Jansen' }] }))).json();
    expect(other.admissibility.proposal).toBe('admissible');
    expect(other.facts.repeatOf).toBeUndefined();
  });

  it('a regulation without the rule reopens and accepts repeats as before', async () => {
    const { org, people } = await setUpWithRegulation(t, ownRegulation());
    const cookie = people['complaints-officer']!.cookie;
    const c = await handledCase(t, org.id, cookie);
    await event(t, c.id, cookie, { type: 'reopened', circumstances: 'Klaagster belt opnieuw.' });
    const again = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { receivedAt: undefined }))).json();
    expect(again.admissibility.proposal).toBe('admissible');
    expect((await getCase(t, again.id, cookie)).facts.repeatOf).toBeUndefined();
    const refused = await event(t, again.id, cookie, { type: 'admissibility-decided', admissible: false, grounds: ['already-handled'] }, 409);
    expect(refused.error.code).toBe('ground-not-in-regulation');
  });
});
