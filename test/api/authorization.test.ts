import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTestApp, unique, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, parseTrustProxy } from '../../src/core/config.ts';
import { createRegulationCatalog } from '../../src/server/regulations/regulations.service.ts';

// The defects an authorization matrix found (issue "Trust" §1): each test here failed
// before its fix. The story: two organisations, their admins, officers, employees and
// respondents, each trying what their role must not allow.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'a-long-password-1';

async function patch(url: string, cookie: string, payload: unknown) {
  return t.app.inject({ method: 'PATCH', url, headers: { cookie }, payload: payload as object });
}

async function createUser(memberships: { organisationId: string; role: string }[], extra: Record<string, unknown> = {}) {
  const email = `${unique('user')}@example.org`.toLowerCase();
  const res = await post(t, '/api/v1/users', t.adminCookie, { email, name: 'Iemand', password: PASSWORD, memberships, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email };
}

const complainant = { name: 'Fatima El Amrani', role: 'client', email: 'fatima@example.org', phone: '06-12345678', address: 'Lindelaan 4, 3811 HN Amersfoort' };

async function fileComplaint(orgId: string, cookie: string, extra: Record<string, unknown> = {}) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: orgId,
    kind: 'complaint',
    channel: 'email',
    receivedAt: '2026-11-02',
    complainant,
    description: 'De begeleider kwam drie keer niet opdagen.',
    desiredOutcome: 'Excuses en een vaste begeleider.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('an organisation admin cannot take over accounts beyond their organisation', () => {
  it('may not reset the password of, rename or deactivate a user who also works for another organisation', async () => {
    const a = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const b = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const adminA = a.people.admin!;
    // The admin of B also has an employee membership in A.
    const shared = await createUser([
      { organisationId: a.org.id, role: 'employee' },
      { organisationId: b.org.id, role: 'admin' },
    ]);
    for (const body of [{ password: 'a-takeover-password-9' }, { active: false }, { name: 'Overgenomen' }]) {
      const res = await patch(`/api/v1/users/${shared.id}`, adminA.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(403);
    }
    // The account is untouched: the owner still logs in with their own password.
    await expect(t.login(shared.email, PASSWORD)).resolves.toMatch(/^kw_session=/);
    // What is A's to change stays changeable: the membership in A; the one in B stays.
    const moved = await patch(`/api/v1/users/${shared.id}`, adminA.cookie, { memberships: [{ organisationId: a.org.id, role: 'complaints-officer' }] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisationId: a.org.id, role: 'complaints-officer' }),
        expect.objectContaining({ organisationId: b.org.id, role: 'admin' }),
      ]),
    );
    expect(moved.json().memberships).toHaveLength(2);
  });

  it('may not reset the password of a platform administrator who holds a membership in their organisation', async () => {
    const a = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const platform = await createUser([{ organisationId: a.org.id, role: 'complaints-officer' }], { platformAdmin: true });
    const res = await patch(`/api/v1/users/${platform.id}`, a.people.admin!.cookie, { password: 'a-takeover-password-9' });
    expect(res.statusCode).toBe(403);
    expect((await patch(`/api/v1/users/${platform.id}`, a.people.admin!.cookie, { active: false })).statusCode).toBe(403);
    await expect(t.login(platform.email, PASSWORD)).resolves.toMatch(/^kw_session=/);
  });

  it('still resets the password of a user who works only for their organisation, and a platform admin can reset anyone', async () => {
    const a = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const b = await setUpOrganisation(t, 'stadsring51', []);
    const own = await createUser([{ organisationId: a.org.id, role: 'employee' }]);
    expect((await patch(`/api/v1/users/${own.id}`, a.people.admin!.cookie, { password: 'a-reset-password-7' })).statusCode).toBe(200);
    await expect(t.login(own.email, 'a-reset-password-7')).resolves.toMatch(/^kw_session=/);
    const shared = await createUser([
      { organisationId: a.org.id, role: 'employee' },
      { organisationId: b.org.id, role: 'employee' },
    ]);
    expect((await patch(`/api/v1/users/${shared.id}`, t.adminCookie, { password: 'a-reset-password-8' })).statusCode).toBe(200);
  });
});

describe("the level's handler role decides [regulation levels.handlerRole]", () => {
  it('an employee made handler may work the case but not decide, approve or close it at a complaints-officer level [004 §1, §6]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const c = await fileComplaint(org.id, officer.cookie);
    expect((await patch(`/api/v1/cases/${c.id}`, officer.cookie, { handlerUserId: employee.id })).statusCode).toBe(200);
    const seen = (await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).json();
    expect(seen.view).toBe('full');
    // Only what can succeed is offered: nothing that decides.
    for (const type of ['decided', 'admissibility-decided', 'closed', 'decision-approved']) expect(seen.allowedEvents).not.toContain(type);
    expect(seen.allowedEvents).toContain('acknowledged');
    expect((await post(t, `/api/v1/cases/${c.id}/events`, employee.cookie, { type: 'acknowledged' })).statusCode).toBe(201);
    for (const payload of [{ type: 'admissibility-decided', admissible: true }, { type: 'decided', outcome: 'unfounded', motivation: 'Geen bewijs.' }, { type: 'closed' }]) {
      const res = await post(t, `/api/v1/cases/${c.id}/events`, employee.cookie, payload);
      expect(res.statusCode, `${payload.type}: ${res.body}`).toBe(403);
    }
    // The officer, whose role the level names, may.
    expect((await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'admissibility-decided', admissible: true })).statusCode).toBe(201);
  });

  it('at a committee level only committee members decide, not the officer who escalated it [000 §3.2]', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['complaints-officer', 'committee-member']);
    const officer = people['complaints-officer']!;
    const c = await fileComplaint(org.id, officer.cookie, { level: 'committee' });
    expect(c.level).toBe('committee');
    const res = await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'admissibility-decided', admissible: true });
    expect(res.statusCode).toBe(403);
    expect((await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json().allowedEvents).not.toContain('admissibility-decided');
    expect((await post(t, `/api/v1/cases/${c.id}/events`, people['committee-member']!.cookie, { type: 'admissibility-decided', admissible: true })).statusCode).toBe(201);
  });
});

describe('access needs a current membership and an active account', () => {
  it('a handler whose membership was removed no longer sees or handles the case, nor finds it in a list', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const c = await fileComplaint(org.id, officer.cookie);
    await patch(`/api/v1/cases/${c.id}`, officer.cookie, { handlerUserId: employee.id });
    expect((await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).statusCode).toBe(200);
    const removed = await patch(`/api/v1/users/${employee.id}`, people.admin!.cookie, { memberships: [] });
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).statusCode).toBe(404);
    expect((await post(t, `/api/v1/cases/${c.id}/events`, employee.cookie, { type: 'acknowledged' })).statusCode).toBe(404);
    expect((await get(t, `/api/v1/cases/${c.id}/documents`, employee.cookie)).statusCode).toBe(404);
    expect((await get(t, '/api/v1/cases', employee.cookie)).json().items).toEqual([]);
  });

  it('a list filtered on the own organisation holds the same cases as without the filter: an employee gets only those handed to them or about them [004 §1] [issue 14]', async () => {
    // The list skips the visibility test when the caller sees every case of the filtered
    // organisation; for anyone else the filter must not widen what they see.
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const handed = await fileComplaint(org.id, officer.cookie);
    await patch(`/api/v1/cases/${handed.id}`, officer.cookie, { handlerUserId: employee.id });
    const about = await fileComplaint(org.id, officer.cookie, { respondents: [{ userId: employee.id }] });
    const other = await fileComplaint(org.id, officer.cookie);
    await patch(`/api/v1/cases/${other.id}`, officer.cookie, { handlerUserId: people['employee-2']!.id });
    const ids = async (cookie: string, query: string) => ((await get(t, `/api/v1/cases${query}`, cookie)).json().items as { id: string }[]).map((i) => i.id).sort();
    const own = [handed.id, about.id].sort();
    expect(await ids(employee.cookie, '')).toEqual(own);
    expect(await ids(employee.cookie, `?organisationId=${org.id}`)).toEqual(own);
    expect(await ids(employee.cookie, `?organisationId=${org.id}&open=true`)).toEqual(own);
    expect(await ids(officer.cookie, `?organisationId=${org.id}`)).toEqual([handed.id, about.id, other.id].sort());
    // The respondent is not named the complainant in either list.
    const listed = (await get(t, `/api/v1/cases?organisationId=${org.id}`, employee.cookie)).json().items as { id: string; complainantName?: string }[];
    expect(listed.find((i) => i.id === about.id)?.complainantName).toBeUndefined();
  });

  it('a respondent who left the organisation no longer sees the case about them', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer', 'employee']);
    const employee = people.employee!;
    const c = await fileComplaint(org.id, people['complaints-officer']!.cookie, { respondents: [{ userId: employee.id }] });
    expect((await get(t, '/api/v1/cases', employee.cookie)).json().items.map((i: { id: string }) => i.id)).toContain(c.id);
    await patch(`/api/v1/users/${employee.id}`, people.admin!.cookie, { memberships: [] });
    expect((await get(t, '/api/v1/cases', employee.cookie)).json().items).toEqual([]);
    expect((await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).statusCode).toBe(404);
  });

  it("a deactivated handler's API token stops working at once", async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = await fileComplaint(org.id, officer.cookie);
    const token = (await post(t, '/api/v1/auth/tokens', officer.cookie, { name: 'script' })).json().token as string;
    const withToken = () => t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).statusCode).toBe(200);
    expect((await patch(`/api/v1/users/${officer.id}`, people.admin!.cookie, { active: false })).statusCode).toBe(200);
    expect((await withToken()).statusCode).toBe(401);
  });
});

describe('the respondent sees only what a regulation lets them see [004 §6.3, 002 §7]', () => {
  it('the case as a respondent sees it holds no complainant details and no free text of events, field by field', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const c = await fileComplaint(org.id, officer.cookie, {
      respondents: [{ userId: employee.id, department: 'Begeleiding' }],
      helpers: [{ role: 'confidant', name: 'Piet Steun' }],
    });
    await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'contacted', note: 'Klaagster belde huilend op; zij woont sinds kort alleen.' });
    const res = await get(t, `/api/v1/cases/${c.id}`, employee.cookie);
    expect(res.statusCode).toBe(200);
    const seen = res.json();
    expect(seen.view).toBe('respondent');
    expect(Object.keys(seen).sort()).toEqual(
      [
        'id',
        'reference',
        'organisationId',
        'regulation',
        'kind',
        'reclassifiedFrom',
        'level',
        'status',
        'statusLabel',
        'channel',
        'receivedAt',
        'receivedOn',
        'categories',
        'anonymous',
        'view',
        'admissibility',
        'decision',
        'outcome',
        'deadlines',
        'nextDue',
        'events',
        'allowedEvents',
        'handlerUserId',
        'teamId',
        'transferredFrom',
        'closedAt',
        'createdAt',
        'description',
        'desiredOutcome',
      ].sort(),
    );
    // The complaint as it is shared with them.
    expect(seen.description).toBe('De begeleider kwam drie keer niet opdagen.');
    expect(seen.allowedEvents).toEqual([]);
    for (const e of seen.events)
      expect(
        Object.keys(e.data).every((k) => ['outcome', 'admissible', 'grounds', 'ground', 'weeks', 'toLevel', 'at', 'place'].includes(k)),
        JSON.stringify(e),
      ).toBe(true);
    for (const d of seen.deadlines) expect(d.explanation).toBeUndefined();
    const text = res.body;
    for (const secret of ['Fatima', 'fatima@example.org', '06-12345678', 'Lindelaan', 'huilend', 'Piet Steun']) expect(text).not.toContain(secret);
    // The handling side still sees it all.
    const full = (await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json();
    expect(full.complainant).toMatchObject({ email: 'fatima@example.org', phone: '06-12345678' });
    expect(full.events.find((e: { type: string }) => e.type === 'contacted').data.note).toContain('huilend');
  });

  it("the respondent's case list does not name the complainant, even when the respondent is a manager who sees every case", async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'manager']);
    const officer = people['complaints-officer']!;
    const manager = people.manager!;
    const aboutManager = await fileComplaint(org.id, officer.cookie, { respondents: [{ userId: manager.id }] });
    const other = await fileComplaint(org.id, officer.cookie);
    const items = (await get(t, `/api/v1/cases?organisationId=${org.id}`, manager.cookie)).json().items as { id: string; complainantName?: string }[];
    expect(items.find((i) => i.id === aboutManager.id)).toBeDefined();
    expect(items.find((i) => i.id === aboutManager.id)!.complainantName).toBeUndefined();
    expect(items.find((i) => i.id === other.id)!.complainantName).toBe('Fatima El Amrani');
    expect((await get(t, `/api/v1/cases/${aboutManager.id}`, manager.cookie)).json().view).toBe('respondent');
  });
});

describe('an organisation adopts only presets and its own versions', () => {
  it("refuses another organisation's own regulation, at creation and by PATCH, naming regulationId", async () => {
    const a = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const b = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const preset = JSON.parse(readFileSync('regulations/stadsring51.v1.json', 'utf8'));
    delete preset.$schema;
    const own = { ...preset, id: `${a.org.slug}-eigen`, name: 'Eigen regeling A' };
    expect((await post(t, '/api/v1/regulations', a.people.admin!.cookie, { organisationId: a.org.id, regulation: own })).statusCode).toBe(201);
    const stolen = await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: own.id });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.details[0].path).toBe('regulationId');
    const created = await post(t, '/api/v1/organisations', t.adminCookie, { name: unique('Org'), regulationId: own.id });
    expect(created.statusCode).toBe(400);
    // Its own version and any preset stay adoptable.
    expect((await patch(`/api/v1/organisations/${a.org.id}`, a.people.admin!.cookie, { regulationId: own.id })).statusCode).toBe(200);
    expect((await patch(`/api/v1/organisations/${b.org.id}`, b.people.admin!.cookie, { regulationId: 'wkkgz' })).statusCode).toBe(200);
  });
});

describe('registering is refused before anything is written', () => {
  it('an employee or committee member who may not register gets 403 and no case exists afterwards', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['employee', 'committee-member', 'oversight']);
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('organisation_id', '=', org.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    for (const role of ['employee', 'committee-member', 'oversight']) {
      const res = await post(t, '/api/v1/cases', people[role]!.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'phone',
        complainant,
        description: 'Telefonisch gemeld.',
      });
      expect(res.statusCode, role).toBe(403);
    }
    expect(await count()).toBe(0);
  });
});

describe('cross-site checks never answer 500', () => {
  it.each(['null', 'http://', 'not a url', 'https://'])('a cookie POST with Origin %j answers 403', async (origin) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: t.adminCookie, origin }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('cross-site-request');
  });
});

describe('transfers go only to named partners, and the handover is recorded [001 §1D]', () => {
  it('refuses a transfer to an organisation that is no partner, then hands over to a named partner with an audit record of what went', async () => {
    const from = await setUpOrganisation(t, 'stichtse-vecht', ['admin', 'complaints-officer']);
    const to = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = from.people['complaints-officer']!;
    const c = await fileComplaint(from.org.id, officer.cookie);
    const refused = await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'transferred', organisationId: to.org.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('not-a-transfer-partner');
    expect((await get(t, `/api/v1/cases?organisationId=${to.org.id}`, to.people['complaints-officer']!.cookie)).json().items).toEqual([]);
    // Only the sending organisation's administrator names partners.
    const url = `/api/v1/organisations/${from.org.id}/transfer-partners`;
    expect((await t.app.inject({ method: 'PUT', url, headers: { cookie: officer.cookie }, payload: { partnerIds: [to.org.id] } })).statusCode).toBe(403);
    const named = await t.app.inject({ method: 'PUT', url, headers: { cookie: from.people.admin!.cookie }, payload: { partnerIds: [to.org.id] } });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().items.map((p: { id: string }) => p.id)).toEqual([to.org.id]);
    expect((await t.app.inject({ method: 'PUT', url, headers: { cookie: from.people.admin!.cookie }, payload: { partnerIds: ['nope'] } })).json().error.details[0].path).toBe(
      'partnerIds.0',
    );
    const moved = await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'transferred', organisationId: to.org.id });
    expect(moved.statusCode, moved.body).toBe(201);
    const there = (await get(t, `/api/v1/cases?organisationId=${to.org.id}`, to.people['complaints-officer']!.cookie)).json().items;
    expect(there).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'case.handed-over').where('entity_id', '=', c.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ fromCaseId: c.id, toCaseId: there[0].id, toOrganisationId: to.org.id, documentIds: [], parties: 0 });
  });
});

describe('TRUST_PROXY trusts only the configured hops or proxies', () => {
  it('parses hop counts and address lists, and refuses "true" and garbage naming the variable', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.5, 192.168.0.0/16')).toEqual(['10.0.0.5', '192.168.0.0/16']);
    expect(parseTrustProxy('true')).toBeUndefined();
    expect(parseTrustProxy('10.0.0.0/99')).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  async function ipSeenBehind(trustProxy: string, remoteAddress: string, forwardedFor: string) {
    const config = { ...loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:3000', TRUST_PROXY: trustProxy }), webDist: '/nonexistent', jobs: false };
    const app = await buildApp({ db: t.database.db, dialect: t.database.dialect, config, regulations: createRegulationCatalog(t.database.db) }, { logger: false });
    try {
      const email = `${unique('probe')}@example.org`;
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
        payload: { email, password: 'wrong-password-1' },
      });
      const row = await t.database.db.selectFrom('audit_log').select('ip').where('subject', '=', email).executeTakeFirstOrThrow();
      return row.ip;
    } finally {
      await app.close();
    }
  }

  it('with one hop, a client-supplied X-Forwarded-For entry is not believed: the address the proxy added is', async () => {
    expect(await ipSeenBehind('1', '10.0.0.5', '203.0.113.66, 198.51.100.7')).toBe('198.51.100.7');
  });

  it('with a proxy list, only a connection from a listed proxy is believed', async () => {
    expect(await ipSeenBehind('10.0.0.5', '10.0.0.5', '198.51.100.7')).toBe('198.51.100.7');
    expect(await ipSeenBehind('10.0.0.5', '192.0.2.9', '198.51.100.7')).toBe('192.0.2.9');
  });
});
