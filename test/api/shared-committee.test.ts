import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { event, ownRegulation, setUpWithRegulation } from '../stories/story.ts';

// Issue 9 §2.4: one complaints committee for several organisations. Its members see only
// the cases referred to it from the organisations it serves, at the committee level only;
// an organisation is served only when the committee invited it and its own admin accepted.
// Issue 12: only presets, own versions, or a regulation explicitly shared with the
// organisation may be adopted.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Two levels: the organisation's own handling, then the (shared) committee. */
export const committeeRegulation = ownRegulation((r) => {
  r.levels[0].escalatesTo = ['committee'];
  r.levels.push({
    id: 'committee',
    name: 'Gezamenlijke klachtencommissie',
    handlerRole: 'committee-member',
    body: 'external-committee',
    independent: true,
    entry: false,
    kinds: ['complaint'],
    terms: { decision: { length: 10, unit: 'weeks', from: 'received', source: 'Regeling art. 8' } },
    hearing: { mode: 'required', skipGrounds: ['waived'], source: 'Regeling art. 7' },
    source: 'Regeling art. 6',
  });
  r.letters.push({ kind: 'decision', to: ['complainant'], source: 'Regeling art. 9' });
});

const PASSWORD = 'a-long-password-1';
async function person(name: string) {
  const email = `${unique(name)}@example.org`.toLowerCase();
  const res = await post(t, '/api/v1/users', t.adminCookie, { email, name, password: PASSWORD, memberships: [] });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email, cookie: await t.login(email, PASSWORD) };
}

async function file(cookie: string, organisationId: string, name: string) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId,
    kind: 'complaint',
    channel: 'email',
    receivedAt: '2026-10-05',
    complainant: { name, role: 'client', email: 'klager@example.org' },
    description: `Klacht van ${name}.`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; reference: string };
}

const listIds = async (cookie: string) => {
  const res = await get(t, '/api/v1/cases?limit=200', cookie);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
};

describe('a shared committee (issue 9 §2.4)', () => {
  it('no organisation attaches itself without the committee’s invitation; only its own admin accepts, at a committee level', async () => {
    const a = await setUpWithRegulation(t, committeeRegulation);
    const c = await setUpWithRegulation(t, committeeRegulation);
    const created = await post(t, '/api/v1/committees', a.people.admin!.cookie, { name: unique('Commissie'), managingOrganisationId: a.org.id });
    expect(created.statusCode, created.body).toBe(201);
    const k = created.json();
    // C's admin cannot see, invite itself into, or accept for the committee: there is no invitation.
    expect((await get(t, `/api/v1/committees/${k.id}`, c.people.admin!.cookie)).statusCode).toBe(404);
    expect((await post(t, `/api/v1/committees/${k.id}/invitations`, c.people.admin!.cookie, { organisationId: c.org.id })).statusCode).toBe(404);
    expect((await post(t, `/api/v1/committees/${k.id}/organisations/${c.org.id}/accept`, c.people.admin!.cookie, { levelId: 'committee' })).statusCode).toBe(404);
    // Nor may an admin of another organisation create a committee managed by A.
    expect((await post(t, '/api/v1/committees', c.people.admin!.cookie, { name: unique('Overname'), managingOrganisationId: a.org.id })).statusCode).toBe(403);
    expect((await post(t, '/api/v1/committees', c.people.admin!.cookie, { name: unique('Zonder') })).json().error.details[0].path).toBe('managingOrganisationId');

    // Invited by A: now C's admin sees the invitation; A's officer is no admin of C and cannot accept for it.
    const invited = await post(t, `/api/v1/committees/${k.id}/invitations`, a.people.admin!.cookie, { slug: c.org.slug });
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await get(t, '/api/v1/committees', c.people.admin!.cookie)).json().items.map((x: { id: string }) => x.id)).toEqual([k.id]);
    expect((await post(t, `/api/v1/committees/${k.id}/organisations/${c.org.id}/accept`, a.people.admin!.cookie, { levelId: 'committee' })).statusCode).toBe(403);
    // Only a level a committee handles; bad input names the field.
    const wrongLevel = await post(t, `/api/v1/committees/${k.id}/organisations/${c.org.id}/accept`, c.people.admin!.cookie, { levelId: 'handling' });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.details[0].path).toBe('levelId');
    const accepted = await post(t, `/api/v1/committees/${k.id}/organisations/${c.org.id}/accept`, c.people.admin!.cookie, { levelId: 'committee' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().organisations).toEqual([expect.objectContaining({ organisationId: c.org.id, status: 'active', levelId: 'committee' })]);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'organisation_id']).where('entity_id', '=', k.id).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['committee.created', 'committee.invited', 'committee.joined']);
  });

  it('a member sees only referred cases of served organisations, at the committee level only; after leaving, new referrals stop', async () => {
    const a = await setUpWithRegulation(t, committeeRegulation);
    const b = await setUpWithRegulation(t, committeeRegulation);
    const outside = await setUpWithRegulation(t, committeeRegulation, ['complaints-officer', 'committee-member']);
    const member = await person('Commissielid');
    const k = (await post(t, '/api/v1/committees', t.adminCookie, { name: unique('Regiocommissie') })).json();
    for (const o of [a, b]) {
      expect((await post(t, `/api/v1/committees/${k.id}/invitations`, t.adminCookie, { organisationId: o.org.id })).statusCode).toBe(201);
      expect((await post(t, `/api/v1/committees/${k.id}/organisations/${o.org.id}/accept`, o.people.admin!.cookie, { levelId: 'committee' })).statusCode).toBe(200);
    }
    expect((await post(t, `/api/v1/committees/${k.id}/members`, t.adminCookie, { email: member.email, role: 'chair' })).statusCode).toBe(201);
    expect((await post(t, `/api/v1/committees/${k.id}/members`, t.adminCookie, { email: 'nobody@example.org' })).json().error.details[0].path).toBe('email');

    const officerA = a.people['complaints-officer']!.cookie;
    const referred = await file(officerA, a.org.id, 'Anna');
    const notReferred = await file(officerA, a.org.id, 'Bert');
    // An organisation the committee does not serve, its case at a committee level of its own.
    const foreign = await file(outside.people['complaints-officer']!.cookie, outside.org.id, 'Cor');
    await event(t, foreign.id, outside.people['complaints-officer']!.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-10-06' });
    // The outside organisation's own committee member sees it; the shared committee's member does not.
    expect((await get(t, `/api/v1/cases/${foreign.id}`, outside.people['committee-member']!.cookie)).statusCode).toBe(200);

    // Not yet referred: invisible.
    expect((await get(t, `/api/v1/cases/${referred.id}`, member.cookie)).statusCode).toBe(404);
    expect(await listIds(member.cookie)).toEqual([]);
    await event(t, referred.id, officerA, { type: 'escalated', toLevel: 'committee', on: '2026-10-12' });

    const seen = await get(t, `/api/v1/cases/${referred.id}`, member.cookie);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ organisationId: a.org.id, level: 'committee' });
    expect(await listIds(member.cookie)).toEqual([referred.id]);
    // The member handles it, so the queue names the complainant.
    expect((await get(t, '/api/v1/cases', member.cookie)).json().items[0]).toMatchObject({ organisationId: a.org.id, complainantName: 'Anna' });
    expect((await get(t, '/api/v1/cases/counts', member.cookie)).json()).toMatchObject({ all: 1 });
    for (const id of [notReferred.id, foreign.id]) {
      expect((await get(t, `/api/v1/cases/${id}`, member.cookie)).statusCode).toBe(404);
      expect((await get(t, `/api/v1/cases/${id}/documents`, member.cookie)).statusCode).toBe(404);
      expect((await post(t, `/api/v1/cases/${id}/notes`, member.cookie, { text: 'x', internal: true })).statusCode).toBe(404);
    }
    // Nothing else of the served organisation: not its colleagues, reports or other cases.
    expect((await get(t, `/api/v1/organisations/${a.org.id}/members`, member.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/reports/annual?organisationId=${a.org.id}&year=2026`, member.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/cases?organisationId=${outside.org.id}`, member.cookie)).statusCode).toBe(403);
    // The read was audited under the case's own organisation.
    await t.flushAudit(); // read entries are committed in batches
    const read = await t.database.db
      .selectFrom('audit_log')
      .select(['organisation_id', 'actor_role'])
      .where('action', '=', 'case.read')
      .where('entity_id', '=', referred.id)
      .where('actor_user_id', '=', member.id)
      .execute();
    expect(read).toEqual([{ organisation_id: a.org.id, actor_role: 'committee-member' }]);

    // Handled at that level: the member may record what the level says, the hearing first.
    await event(t, referred.id, member.cookie, { type: 'hearing-scheduled', at: '2026-10-20T10:00', on: '2026-10-13' });
    const wrote = await t.database.db
      .selectFrom('audit_log')
      .select(['organisation_id', 'actor_role'])
      .where('action', '=', 'case.event.hearing-scheduled')
      .where('entity_id', '=', referred.id)
      .execute();
    expect(wrote).toEqual([{ organisation_id: a.org.id, actor_role: 'committee-member' }]);

    // A leaves: its next case reaching the committee level is not referred.
    const left = await post(t, `/api/v1/committees/${k.id}/organisations/${a.org.id}/leave`, a.people.admin!.cookie, {});
    expect(left.statusCode, left.body).toBe(200);
    const later = await file(officerA, a.org.id, 'Dirk');
    await event(t, later.id, officerA, { type: 'escalated', toLevel: 'committee', on: '2026-10-14' });
    expect((await get(t, `/api/v1/cases/${later.id}`, member.cookie)).statusCode).toBe(404);
    // B is still served.
    const fromB = await file(b.people['complaints-officer']!.cookie, b.org.id, 'Els');
    await event(t, fromB.id, b.people['complaints-officer']!.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-10-14' });
    expect((await listIds(member.cookie)).sort()).toEqual([referred.id, fromB.id].sort());

    // An appointment that ended sees nothing.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/committees/${k.id}/members/${member.id}`, headers: { cookie: t.adminCookie } })).statusCode).toBe(200);
    expect(await listIds(member.cookie)).toEqual([]);
    expect((await get(t, `/api/v1/cases/${fromB.id}`, member.cookie)).statusCode).toBe(404);
  });

  it('a case moved on from the committee level is no longer the committee’s', async () => {
    const reg = ownRegulation((r) => {
      r.levels[0].escalatesTo = ['committee'];
      r.levels.push(
        {
          id: 'committee',
          name: 'Commissie',
          handlerRole: 'committee-member',
          entry: false,
          kinds: ['complaint'],
          escalatesTo: ['board'],
          hearing: { mode: 'optional', source: 'Regeling art. 7' },
          source: 'Regeling art. 6',
        },
        { id: 'board', name: 'Bestuur', handlerRole: 'manager', entry: false, kinds: ['complaint'], source: 'Regeling art. 10' },
      );
    });
    const a = await setUpWithRegulation(t, reg);
    const member = await person('Lid');
    const k = (await post(t, '/api/v1/committees', a.people.admin!.cookie, { name: unique('Commissie'), managingOrganisationId: a.org.id })).json();
    await post(t, `/api/v1/committees/${k.id}/invitations`, a.people.admin!.cookie, { organisationId: a.org.id });
    expect((await post(t, `/api/v1/committees/${k.id}/organisations/${a.org.id}/accept`, a.people.admin!.cookie, { levelId: 'committee' })).statusCode).toBe(200);
    await post(t, `/api/v1/committees/${k.id}/members`, a.people.admin!.cookie, { email: member.email });
    const c = await file(a.people['complaints-officer']!.cookie, a.org.id, 'Fien');
    await event(t, c.id, a.people['complaints-officer']!.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-10-06' });
    expect((await get(t, `/api/v1/cases/${c.id}`, member.cookie)).statusCode).toBe(200);
    await event(t, c.id, member.cookie, { type: 'escalated', toLevel: 'board', on: '2026-10-07' });
    expect((await get(t, `/api/v1/cases/${c.id}`, member.cookie)).statusCode).toBe(404);
    expect(await listIds(member.cookie)).toEqual([]);
  });
});

describe('adopting a regulation (issue 12)', () => {
  it('a served organisation may adopt the committee’s common regulation; others, and after leaving, may not', async () => {
    const a = await setUpWithRegulation(t, committeeRegulation);
    const b = await setUpWithRegulation(t, ownRegulation());
    const c = await setUpWithRegulation(t, ownRegulation());
    const k = (await post(t, '/api/v1/committees', a.people.admin!.cookie, { name: unique('Commissie'), managingOrganisationId: a.org.id })).json();
    const patch = (url: string, cookie: string, payload: object) => t.app.inject({ method: 'PATCH', url, headers: { cookie }, payload });
    // The committee shares only a preset or its managing organisation's own regulation.
    const foreign = await patch(`/api/v1/committees/${k.id}`, a.people.admin!.cookie, { regulationId: c.regulationId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('regulationId');
    expect((await patch(`/api/v1/committees/${k.id}`, a.people.admin!.cookie, { regulationId: a.regulationId })).statusCode).toBe(200);

    // Not yet served: B cannot adopt A's regulation, nor read it.
    const early = await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: a.regulationId });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].path).toBe('regulationId');
    expect((await get(t, `/api/v1/regulations/${a.regulationId}`, b.people.admin!.cookie)).statusCode).toBe(404);

    // B adopts the committee level first (its own regulation has none), then joins.
    await post(t, `/api/v1/committees/${k.id}/invitations`, a.people.admin!.cookie, { organisationId: b.org.id });
    expect((await post(t, `/api/v1/committees/${k.id}/organisations/${b.org.id}/accept`, b.people.admin!.cookie, { levelId: 'committee' })).json().error.details[0].path).toBe(
      'levelId',
    );
    expect((await get(t, `/api/v1/regulations/${a.regulationId}`, b.people.admin!.cookie)).statusCode).toBe(404);

    const dto = await post(t, `/api/v1/committees/${k.id}/organisations/${b.org.id}/decline`, b.people.admin!.cookie, {});
    expect(dto.statusCode).toBe(200);
    await post(t, `/api/v1/committees/${k.id}/invitations`, a.people.admin!.cookie, { organisationId: b.org.id });
    // Accepting needs a committee level in B's current regulation: B writes one of its own with it.
    const own = await post(t, '/api/v1/regulations', b.people.admin!.cookie, {
      organisationId: b.org.id,
      regulation: { ...committeeRegulation, id: `${b.regulationId}-c` },
      adopt: true,
    });
    expect(own.statusCode, own.body).toBe(201);
    expect((await post(t, `/api/v1/committees/${k.id}/organisations/${b.org.id}/accept`, b.people.admin!.cookie, { levelId: 'committee' })).statusCode).toBe(200);

    // Served: the committee's common regulation is shared with B, by PATCH and by the editor's adopt.
    expect((await get(t, `/api/v1/regulations/${a.regulationId}`, b.people.admin!.cookie)).statusCode).toBe(200);
    const adopted = await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: a.regulationId });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().regulationId).toBe(a.regulationId);
    expect((await post(t, `/api/v1/organisations/${b.org.id}/regulation/adopt`, b.people.admin!.cookie, { regulationId: a.regulationId })).statusCode).toBe(200);
    // C, not served, still may not.
    expect((await patch(`/api/v1/organisations/${c.org.id}`, c.people.admin!.cookie, { regulationId: a.regulationId })).statusCode).toBe(400);
    expect((await post(t, `/api/v1/organisations/${c.org.id}/regulation/adopt`, c.people.admin!.cookie, { regulationId: a.regulationId })).statusCode).toBe(400);

    // After leaving, B may not adopt it anew (it keeps what it runs under until it changes).
    await post(t, `/api/v1/committees/${k.id}/organisations/${b.org.id}/leave`, b.people.admin!.cookie, {});
    expect((await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: `${b.regulationId}-c` })).statusCode).toBe(200);
    expect((await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: a.regulationId })).statusCode).toBe(400);
  });
});
