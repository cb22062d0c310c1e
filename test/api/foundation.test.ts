import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ADMIN, createTestApp, sessionCookie, unique, type TestApp } from '../helpers/app.ts';
import { FREE_LOGIN_FAILURES } from '../../src/core/login-throttle.ts';

// The story of slice 1: an administrator sets up an organisation and its
// people; they log in, and everything that happens is in the audit log.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function createOrg(name = unique('Org'), extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/organisations',
    headers: { cookie: t.adminCookie },
    payload: { name, regulationId: 'stadsring51', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slug: string; name: string };
}

async function createUser(orgId: string, role: string, email = `${unique('u')}@example.org`.toLowerCase()) {
  const password = 'a-long-password-1';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: t.adminCookie },
    payload: { email, name: 'Test Person', password, memberships: [{ organisationId: orgId, role }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { id: string }), email, password };
}

describe('login', () => {
  it('answers 401 in the error shape of API.md for a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: 'wrong-password-x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'invalid-credentials', message: expect.any(String) } });
    expect(res.cookies).toHaveLength(0);
  });

  it('answers 401 the same way for an unknown e-mail address', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.org', password: 'whatever-123' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid-credentials');
  });

  it('sets an HttpOnly, SameSite session cookie, and /me tells who is logged in', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kw_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/');
    expect(res.json().user).toMatchObject({ email: ADMIN.email, platformAdmin: true });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: sessionCookie(res) } });
    expect(me.json().user.email).toBe(ADMIN.email);
  });

  it(`after ${FREE_LOGIN_FAILURES} failed logins the next try from that address waits (429), and the audit log holds them`, async () => {
    const org = await createOrg();
    const victim = await createUser(org.id, 'employee');
    const codes: number[] = [];
    for (let i = 0; i < FREE_LOGIN_FAILURES + 1; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password: `wrong-${i}-password` } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, FREE_LOGIN_FAILURES).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    // From this address even the right password waits out the delay (other addresses do not: sign-in-security.test.ts).
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password: victim.password } });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('rate-limited');
    expect(right.headers['retry-after']).toBeDefined();
    const rows = await t.database.db.selectFrom('audit_log').select(['action', 'ip']).where('subject', '=', victim.email).execute();
    expect(rows.filter((r) => r.action === 'auth.login-failed')).toHaveLength(FREE_LOGIN_FAILURES);
    expect(rows.filter((r) => r.action === 'auth.login-throttled')).toHaveLength(2);
    expect(rows.every((r) => r.ip === '127.0.0.1')).toBe(true);
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const org = await createOrg();
    const u = await createUser(org.id, 'manager');
    const row = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]{22}\$[\w-]{43}$/);
    expect(row.password_hash).not.toContain(u.password);
  });

  it('logout ends the session, and it is audited', async () => {
    const cookie = await t.login(ADMIN.email, ADMIN.password);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    const actions = (await t.database.db.selectFrom('audit_log').select('action').where('actor_email', '=', ADMIN.email).execute()).map((r) => r.action);
    expect(actions).toContain('auth.logout');
    expect(actions).toContain('auth.login');
  });

  it('changing the password needs the current one, and the new one works', async () => {
    const org = await createOrg();
    const u = await createUser(org.id, 'employee');
    const cookie = await t.login(u.email, u.password);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('currentPassword');
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: u.password, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('body.newPassword');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: u.password, newPassword: 'a-brand-new-password' },
    });
    expect(ok.statusCode).toBe(204);
    await expect(t.login(u.email, 'a-brand-new-password')).resolves.toMatch(/^kw_session=/);
  });
});

describe('API tokens', () => {
  it('a token acts as its user until it is revoked', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: t.adminCookie }, payload: { name: 'KCC koppeling' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^kw_[\w-]{43}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.email).toBe(ADMIN.email);
    const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(3));
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: { cookie: t.adminCookie } });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid-token');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['auth.token-created', 'auth.token-revoked']);
  });
});

describe('organisations and users', () => {
  it('a non-admin creating an organisation gets 403', async () => {
    const org = await createOrg();
    const officer = await createUser(org.id, 'complaints-officer');
    const cookie = await t.login(officer.email, officer.password);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { cookie }, payload: { name: 'Sneaky', regulationId: 'wkkgz' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('without login, 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('a body with a wrong type answers 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { cookie: t.adminCookie }, payload: { name: 42, regulationId: 'wkkgz' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.message).toContain('body.name');
    expect(body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
  });

  it('malformed JSON answers 400, an unknown regulation 400 naming regulationId', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: t.adminCookie, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid-json');
    const unknownReg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: t.adminCookie },
      payload: { name: 'Org X', regulationId: 'no-such' },
    });
    expect(unknownReg.statusCode).toBe(400);
    expect(unknownReg.json().error.details[0].path).toBe('regulationId');
  });

  it('a municipality oversees a provider; address and contact details are kept for letters', async () => {
    const municipality = await createOrg(unique('Gemeente Stichtse Vecht'), { regulationId: 'stichtse-vecht' });
    const provider = await createOrg(unique('Buurtteam'), {
      parentId: municipality.id,
      address: { street: 'Beneluxlaan 2', postalCode: '3527 HT', city: 'Utrecht' },
      email: 'klachten@example.org',
      phone: '030 123 4567',
    });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${provider.id}`, headers: { cookie: t.adminCookie } });
    expect(res.json()).toMatchObject({ parentId: municipality.id, address: { street: 'Beneluxlaan 2', postalCode: '3527 HT', city: 'Utrecht' }, email: 'klachten@example.org' });
    const cycle = await t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${municipality.id}`, headers: { cookie: t.adminCookie }, payload: { parentId: provider.id } });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0].path).toBe('parentId');
    const badPostcode = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${provider.id}`,
      headers: { cookie: t.adminCookie },
      payload: { address: { postalCode: '12345' } },
    });
    expect(badPostcode.statusCode).toBe(400);
    expect(badPostcode.json().error.message).toContain('body.address.postalCode');
  });

  it('an organisation admin manages only their own organisation; other organisations see nothing', async () => {
    const mine = await createOrg();
    const other = await createOrg();
    const orgAdmin = await createUser(mine.id, 'admin');
    const stranger = await createUser(other.id, 'employee');
    const cookie = await t.login(orgAdmin.email, orgAdmin.password);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { cookie } });
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([mine.id]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${other.id}`, headers: { cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/users/${stranger.id}`, headers: { cookie } })).statusCode).toBe(404);
    const team = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${mine.id}/teams`, headers: { cookie }, payload: { name: 'Team Noord' } });
    expect(team.statusCode).toBe(201);
    const teamId = team.json().id;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: {
        email: `${unique('officer')}@example.org`,
        name: 'Officer',
        password: 'another-long-pass',
        memberships: [{ organisationId: mine.id, role: 'complaints-officer', teamId }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().memberships).toEqual([{ organisationId: mine.id, organisationName: mine.name, role: 'complaints-officer', teamId }]);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: { email: `${unique('x')}@example.org`, name: 'X', password: 'another-long-pass', memberships: [{ organisationId: other.id, role: 'admin' }] },
    });
    expect(elsewhere.statusCode).toBe(403);
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    const emails = users.json().items.map((u: { email: string }) => u.email);
    expect(emails).toContain(orgAdmin.email);
    expect(emails).not.toContain(stranger.email);
  });

  it('a duplicate e-mail answers 409; deactivating a user ends their sessions', async () => {
    const org = await createOrg();
    const u = await createUser(org.id, 'employee');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: t.adminCookie },
      payload: { email: u.email.toUpperCase(), name: 'Dup', password: 'a-long-password-1', memberships: [] },
    });
    expect(dup.statusCode).toBe(409);
    const cookie = await t.login(u.email, u.password);
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie: t.adminCookie }, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: u.password } });
    expect(again.statusCode).toBe(401);
  });
});

describe('security', () => {
  it('refuses a cross-site write made with the session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: t.adminCookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: { name: 'Evil', regulationId: 'wkkgz' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('cross-site-request');
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie: t.adminCookie, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      payload: { name: unique('Fine'), regulationId: 'wkkgz' },
    });
    expect(sameOrigin.statusCode).toBe(201);
  });

  it('every answer carries the security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the audit log is append-only, enforced by the database', async () => {
    const db = t.database.db;
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('admin changes are audited with who, what, when and from where', async () => {
    const org = await createOrg();
    const rows = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', org.id).execute();
    expect(rows).toEqual([expect.objectContaining({ action: 'organisation.created', actor_email: ADMIN.email, ip: '127.0.0.1', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/audit?organisationId=${org.id}`, headers: { cookie: t.adminCookie } });
    expect(page.json().items[0]).toMatchObject({ action: 'organisation.created', entityId: org.id });
  });
});

describe('platform', () => {
  it('GET /healthz checks the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: t.database.dialect,
      mail: { pending: expect.any(Number), failing: 0 },
      // This request first wrote what this process acknowledged: nothing waits (intake-inbox.ts).
      intake: { pending: 0, failing: 0 },
      audit: { verifiedAt: expect.toBeOneOf([null, expect.any(String)]), checkedAt: expect.toBeOneOf([null, expect.any(String)]), ok: expect.toBeOneOf([null, true]) },
    });
  });

  it('GET /api/openapi.json is an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/tokens', '/api/v1/organisations/', '/api/v1/users/', '/api/v1/regulations/']),
    );
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });

  it('an unknown API route answers 404 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not-found');
  });
});

describe('colleagues', () => {
  it('members of an organisation see their colleagues’ names and roles; others and oversight do not', async () => {
    const org = await createOrg();
    const a = await createUser(org.id, 'complaints-officer');
    await createUser(org.id, 'employee');
    const outsider = await createUser((await createOrg()).id, 'complaints-officer');
    const cookie = await t.login(a.email, a.password);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/members`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((m: { roles: string[] }) => m.roles[0])
        .sort(),
    ).toEqual(['complaints-officer', 'employee']);
    expect(JSON.stringify(res.json())).not.toContain('@'); // names and roles, no e-mail addresses
    const other = await t.login(outsider.email, outsider.password);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/members`, headers: { cookie: other } })).statusCode).toBe(404);
  });
});
