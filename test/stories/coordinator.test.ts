import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { monitorDeadlines } from '../../src/jobs/deadline-monitor.ts';
import { event, getCase, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 12, a coordinating role beside the handler: the team leader (manager) handles and
// decides; the complaints officer coordinates: sees the case, gets its deadline reminders,
// assigns and notes, records the steps that do not decide, but decides only when also a
// team leader.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.levels[0].handlerRole = 'manager';
  r.levels[0].coordinator = { role: 'employee', source: 'Regeling art. 3 lid 2' };
});

const intake = (orgId: string) => ({
  organisationId: orgId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-11-23',
  complainant: { name: 'Ilse Vos', role: 'client' },
  description: 'Niemand heeft mij teruggebeld.',
});

describe('a coordinator beside the handler (issue 12)', () => {
  it('the coordinator sees, assigns, notes and acknowledges, gets the reminders, but does not decide; the team leader decides', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation, ['manager', 'employee', 'employee', 'complaints-officer']);
    expect(warnings).toEqual([]);
    const leader = people.manager!;
    const coordinator = people.employee!;
    const c = (await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, intake(org.id))).json();

    // An employee sees only cases assigned to them; as the level's coordinator they see this one in full.
    const seen = await getCase(t, c.id, coordinator.cookie);
    expect(seen.view).toBe('full');
    expect(seen.allowedEvents).toContain('acknowledged');
    expect(seen.allowedEvents).not.toContain('decided');
    // And in the work list, beside the cases handed to them.
    const listed = (await get(t, `/api/v1/cases?organisationId=${org.id}`, coordinator.cookie)).json();
    expect(listed.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const assigned = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: coordinator.cookie }, payload: { handlerUserId: leader.id } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await post(t, `/api/v1/cases/${c.id}/notes`, coordinator.cookie, { text: 'Teamleider gevraagd om voor vrijdag te bellen.' })).statusCode).toBe(201);
    await event(t, c.id, coordinator.cookie, { type: 'acknowledged', on: '2026-11-24' });
    const refused = await post(t, `/api/v1/cases/${c.id}/events`, coordinator.cookie, { type: 'decided', outcome: 'resolved', motivation: 'x' });
    expect(refused.statusCode).toBe(403);

    // Reminders go to the handler and the coordinators: decision due 4 January 2027 (6 weeks after 23 November).
    expect(seen.deadlines.find((d: { kind: string }) => d.kind === 'decision').due).toBe('2027-01-04');
    await monitorDeadlines(t.database.db, 'http://kw.test', new Date('2026-12-31T09:00:00+01:00'));
    const mails = await t.database.db.selectFrom('outbox').select(['to_address', 'subject']).where('case_id', '=', c.id).where('subject', 'like', 'Herinnering%').execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual([leader.email, coordinator.email, people['employee-3']!.email].sort());

    expect((await getCase(t, c.id, leader.cookie)).allowedEvents).toContain('decided');
    const decided = await event(t, c.id, leader.cookie, { type: 'decided', outcome: 'resolved', motivation: 'Teruggebeld en excuses gemaakt.', on: '2026-12-01' });
    expect(decided.status).toBe('decided');
  });

  it("a complaints officer named coordinator no longer decides at the team leader's level, unless also a team leader; the checker refuses the handler role as coordinator", async () => {
    const reg = ownRegulation((r) => {
      r.levels[0].handlerRole = 'manager';
      r.levels[0].coordinator = { role: 'complaints-officer', source: 'Regeling art. 3 lid 2' };
    });
    const { org, people } = await setUpWithRegulation(t, reg, ['manager', 'complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, intake(org.id))).json();
    expect(c.allowedEvents).not.toContain('decided');
    // Also a team leader: then the coordinator is the handler too, and decides.
    const email = `both-${Date.now()}@example.org`;
    const both = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: t.adminCookie },
      payload: {
        email,
        name: 'Beide rollen',
        password: 'a-long-password-1',
        memberships: [
          { organisationId: org.id, role: 'complaints-officer' },
          { organisationId: org.id, role: 'manager' },
        ],
      },
    });
    expect(both.statusCode, both.body).toBe(201);
    const bothCookie = await t.login(email, 'a-long-password-1');
    expect((await getCase(t, c.id, bothCookie)).allowedEvents).toContain('decided');
    // Without a coordinator the complaints officer decides at the manager's level, as before.
    const plain = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.levels[0].handlerRole = 'manager';
      }),
      ['complaints-officer'],
    );
    const d = (await post(t, '/api/v1/cases', plain.people['complaints-officer']!.cookie, intake(plain.org.id))).json();
    expect(d.allowedEvents).toContain('decided');

    const { checkRegulation } = await import('../../src/domain/check.ts');
    const same = ownRegulation((r) => {
      r.levels[0].coordinator = { role: 'complaints-officer', source: 'x art. 1' };
    });
    expect(checkRegulation(same).errors.map((e) => e.path)).toEqual(['levels[0].coordinator.role']);
    const oversight = ownRegulation((r) => {
      r.levels[0].coordinator = { role: 'oversight', source: 'x art. 1' };
    });
    expect(checkRegulation(oversight).errors.map((e) => e.message)).toEqual(['oversight sees process data only and cannot coordinate a case']);
  });
});
