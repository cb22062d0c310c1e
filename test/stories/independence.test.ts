import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { event, getCase, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.5, independence by rule: the team leader (manager) handles complaints, but
// when the complaint is about a team leader, the complaints officer handles it. The case
// moves automatically at intake or when the respondent is added, with a timeline entry
// saying why; then only the named role decides and may be assigned.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.levels[0].handlerRole = 'manager';
  r.levels[0].ifRespondentIsHandler = { handlerRole: 'complaints-officer', source: 'Regeling art. 5 lid 3' };
});
const roles = ['manager', 'manager', 'complaints-officer', 'employee'];

const intake = (orgId: string, respondents: unknown[]) => ({
  organisationId: orgId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-10-05',
  complainant: { name: 'Kees Mulder', role: 'client' },
  respondents,
  description: 'De teamleider sprak mij onheus aan.',
});

describe('independence by rule (issue 9 §2.5)', () => {
  it('a complaint about a team leader goes to the complaints officer at intake; other team leaders no longer decide', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation, roles);
    expect(warnings).toEqual([]);
    const leader = people.manager!;
    const otherLeader = people['manager-2']!;
    const officer = people['complaints-officer']!;
    const res = await post(t, '/api/v1/cases', officer.cookie, intake(org.id, [{ userId: leader.id }]));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    const moved = c.events.find((e: { type: string }) => e.type === 'handler-changed');
    expect(moved.data).toEqual({ reason: 'respondent-is-handler', fromRole: 'manager', toRole: 'complaints-officer', source: 'Regeling art. 5 lid 3' });
    expect(c.allowedEvents).toContain('decided');
    // Another team leader still sees and handles, but the decision is the complaints officer's.
    const asOther = await getCase(t, c.id, otherLeader.cookie);
    expect(asOther.allowedEvents).toContain('contacted');
    expect(asOther.allowedEvents).not.toContain('decided');
    const refused = await post(t, `/api/v1/cases/${c.id}/events`, otherLeader.cookie, { type: 'decided', outcome: 'unfounded', motivation: 'x' });
    expect(refused.statusCode).toBe(403);
    // The respondent reads their case but never handles it.
    expect((await getCase(t, c.id, leader.cookie)).view).toBe('respondent');
    // Only someone in the named role can be assigned.
    const wrong = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: otherLeader.id } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('Regeling art. 5 lid 3');
    const right = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: officer.id } });
    expect(right.statusCode, right.body).toBe(200);
    const decided = await event(t, c.id, officer.cookie, { type: 'decided', outcome: 'partly-well-founded', motivation: 'De toon was niet goed; de inhoud wel.' });
    expect(decided.status).toBe('decided');
  });

  it('when the team leader is added as respondent later, the case moves then; an assigned handler who becomes respondent is unassigned', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation, roles);
    const leader = people.manager!;
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, intake(org.id, [{ name: 'De receptie' }]))).json();
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    expect((await getCase(t, c.id, leader.cookie)).allowedEvents).toContain('decided'); // the team leader handles, as usual
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: leader.id } });

    const added = await post(t, `/api/v1/cases/${c.id}/respondents`, officer.cookie, { userId: leader.id, department: 'Team Noord' });
    expect(added.statusCode, added.body).toBe(201);
    const after = added.json();
    expect(after.handlerUserId).toBeNull();
    expect(after.respondents.map((r: { userId: string | null }) => r.userId)).toContain(leader.id);
    expect(after.events.at(-1)).toMatchObject({ type: 'handler-changed', data: { reason: 'respondent-is-handler', toRole: 'complaints-officer' } });
    expect((await getCase(t, c.id, leader.cookie)).view).toBe('respondent');
    expect((await getCase(t, c.id, people['manager-2']!.cookie)).allowedEvents).not.toContain('decided');
    // Adding the same person twice, or nobody, is refused with a clear answer.
    expect((await post(t, `/api/v1/cases/${c.id}/respondents`, officer.cookie, { userId: leader.id })).statusCode).toBe(409);
    const nobody = await post(t, `/api/v1/cases/${c.id}/respondents`, officer.cookie, {});
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.details[0].path).toBe('body.name');
    // A respondent cannot add respondents; they do not handle.
    expect((await post(t, `/api/v1/cases/${c.id}/respondents`, leader.cookie, { name: 'X' })).statusCode).toBe(403);
    // An ordinary employee as respondent moves nothing: the team leader would not be complained about.
    const d = (await post(t, '/api/v1/cases', officer.cookie, intake(org.id, [{ userId: people.employee!.id }]))).json();
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    expect((await get(t, `/api/v1/cases/${d.id}`, leader.cookie)).json().allowedEvents).toContain('decided');
  });

  it("at escalation the next level's rule applies: a complaint about a complaints officer moves on to the quality officer", async () => {
    const ladder = ownRegulation((r) => {
      r.levels[0].handlerRole = 'manager';
      r.levels[0].escalatesTo = ['second'];
      r.levels.push({
        id: 'second',
        name: 'Tweede lijn',
        handlerRole: 'complaints-officer',
        kinds: ['complaint'],
        entry: false,
        ifRespondentIsHandler: { handlerRole: 'quality-officer', source: 'Regeling art. 8 lid 2' },
        terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 8' } },
        source: 'Regeling art. 8',
      });
    });
    const { org, people } = await setUpWithRegulation(t, ladder, ['manager', 'complaints-officer', 'complaints-officer', 'quality-officer']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', people['complaints-officer-3']!.cookie, intake(org.id, [{ userId: officer.id }]))).json();
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['received']); // at the first level the team leader handles
    const up = await event(t, c.id, people.manager!.cookie, { type: 'escalated', toLevel: 'second', on: '2026-10-12' });
    expect(up.events.at(-1)).toMatchObject({
      type: 'handler-changed',
      level: 'second',
      data: { fromRole: 'complaints-officer', toRole: 'quality-officer', source: 'Regeling art. 8 lid 2' },
    });
    expect((await getCase(t, c.id, people['complaints-officer-3']!.cookie)).allowedEvents).not.toContain('decided');
    expect((await getCase(t, c.id, people['quality-officer']!.cookie)).allowedEvents).toContain('decided');
  });

  it('without the rule a complaint about a team leader stays with the team leaders, as before; the checker refuses the same role', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.levels[0].handlerRole = 'manager';
      }),
      roles,
    );
    const c = (await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, intake(org.id, [{ userId: people.manager!.id }]))).json();
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    expect((await getCase(t, c.id, people['manager-2']!.cookie)).allowedEvents).toContain('decided');
    const { checkRegulation } = await import('../../src/domain/check.ts');
    const same = ownRegulation((r) => {
      r.levels[0].ifRespondentIsHandler = { handlerRole: 'complaints-officer', source: 'x art. 1' };
    });
    expect(checkRegulation(same).errors.map((e) => e.path)).toEqual(['levels[0].ifRespondentIsHandler.handlerRole']);
  });
});
