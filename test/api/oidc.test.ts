import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ADMIN, createTestApp, unique, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { freePort } from '../helpers/net.ts';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.ts';
import { decryptSecret, encryptSecret, parseSecretsKey } from '../../src/server/auth/oidc.service.ts';

// Staff sign in through their organisation's identity provider (issue "Fit the
// municipality's landscape" §1): a real OpenID provider runs on loopback, and
// every refusal ends on the login page with a reason, never a 500.

const PUBLIC = 'http://127.0.0.1:3000';
let t: TestApp;
let idp: TestIdp;
let providerId: string;
let org: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  idp = await startTestIdp(`${PUBLIC}/api/v1/auth/oidc/callback`, `${PUBLIC}/login`);
  process.env.KW_TEST_OIDC_SECRET = idp.clientSecret;
  org = (await setUpOrganisation(t, 'awb-gemeente', [])).org;
  const res = await post(t, '/api/v1/auth/identity-providers', t.adminCookie, {
    organisationId: org.id,
    name: 'Medewerkers gemeente',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecretEnv: 'KW_TEST_OIDC_SECRET',
    scopes: 'openid email profile groups',
    groupsClaim: 'groups',
    roleMappings: [{ group: 'klachten', organisationId: org.id, role: 'complaints-officer' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  providerId = res.json().id;
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

/** Start at our login button, walk the provider's pages, come back: the callback's answer. */
async function signIn(accountId: string, id = providerId) {
  const start = await get(t, `/api/v1/auth/oidc/${id}/start?returnTo=/cases`, '');
  expect(start.statusCode).toBe(303);
  const back = await idp.authorize(start.headers.location as string, accountId);
  const callback = await t.app.inject({ method: 'GET', url: back.pathname + back.search });
  return { callback, back };
}

const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((x) => x.name === 'kw_session');
  return c ? `kw_session=${c.value}` : undefined;
};

function person(extra: Partial<{ email: string; name: string; email_verified: boolean; groups: string[] }> = {}) {
  const id = unique('sub');
  idp.accounts.set(id, { email: `${id}@gemeente.example`.toLowerCase(), name: 'Sanne de Wit', ...extra });
  return id;
}

describe('single sign-on with OpenID Connect', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, and keeps none of them in the browser', async () => {
    const start = await get(t, `/api/v1/auth/oidc/${providerId}/start`, '');
    const url = new URL(start.headers.location as string);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(url.searchParams.get(p)?.length).toBeGreaterThan(20);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC}/api/v1/auth/oidc/callback`);
    expect(start.cookies).toEqual([]);
  });

  it('a first sign-in creates the user with no rights; they get our own session cookie and land where they were going', async () => {
    const sub = person();
    const { callback } = await signIn(sub);
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/cases');
    const cookie = cookieOf(callback)!;
    const session = callback.cookies.find((c) => c.name === 'kw_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    const me = (await get(t, '/api/v1/auth/me', cookie)).json().user;
    expect(me).toMatchObject({ email: idp.accounts.get(sub)!.email, name: 'Sanne de Wit', memberships: [] });
    expect((await get(t, `/api/v1/cases?organisationId=${org.id}`, cookie)).statusCode).toBe(403);
    // The second sign-in finds the same person by their identity at the provider.
    const again = await signIn(sub);
    expect((await get(t, '/api/v1/auth/me', cookieOf(again.callback)!)).json().user.id).toBe(me.id);
  });

  it('a group mapping grants the mapped role in the organisation', async () => {
    const sub = person({ groups: ['klachten', 'iets-anders'] });
    const { callback } = await signIn(sub);
    const me = (await get(t, '/api/v1/auth/me', cookieOf(callback)!)).json().user;
    expect(me.memberships).toEqual([expect.objectContaining({ organisationId: org.id, role: 'complaints-officer' })]);
    expect((await get(t, `/api/v1/cases?organisationId=${org.id}`, cookieOf(callback)!)).statusCode).toBe(200);
  });

  it('refuses a wrong state and a replayed callback, with no session', async () => {
    const sub = person();
    const { back } = await signIn(sub);
    const replay = await t.app.inject({ method: 'GET', url: back.pathname + back.search });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login?sso=sign-in-expired');
    expect(cookieOf(replay)).toBeUndefined();
    const forged = new URL(back);
    forged.searchParams.set('state', randomBytes(16).toString('base64url'));
    const wrong = await t.app.inject({ method: 'GET', url: forged.pathname + forged.search });
    expect(wrong.headers.location).toBe('/login?sso=sign-in-expired');
  });

  it('refuses an expired id token and one for another audience, even when the provider signed them', async () => {
    idp.tamper = (c) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 600, iat: Math.floor(Date.now() / 1000) - 1200 });
    const expired = await signIn(person());
    expect(expired.callback.headers.location).toBe('/login?sso=token-invalid');
    expect(cookieOf(expired.callback)).toBeUndefined();
    idp.tamper = (c) => ({ ...c, aud: 'some-other-client' });
    const otherAudience = await signIn(person());
    expect(otherAudience.callback.headers.location).toBe('/login?sso=token-invalid');
    const failures = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.sso-failed').execute();
    expect(failures.filter((f) => JSON.parse(f.details!).reason === 'token-invalid')).toHaveLength(2);
  });

  it('a user deactivated here cannot sign in through the provider', async () => {
    const sub = person();
    const first = await signIn(sub);
    const me = (await get(t, '/api/v1/auth/me', cookieOf(first.callback)!)).json().user;
    await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${me.id}`, headers: { cookie: t.adminCookie }, payload: { active: false } });
    const again = await signIn(sub);
    expect(again.callback.headers.location).toBe('/login?sso=account-inactive');
    expect(cookieOf(again.callback)).toBeUndefined();
  });

  it('does not link an existing account by an e-mail address the provider did not verify', async () => {
    const email = `${unique('existing')}@gemeente.example`.toLowerCase();
    expect(
      (await post(t, '/api/v1/users', t.adminCookie, { email, name: 'Bestaand', password: 'a-long-password-1', memberships: [{ organisationId: org.id, role: 'manager' }] }))
        .statusCode,
    ).toBe(201);
    const sub = person({ email, email_verified: false });
    expect((await signIn(sub)).callback.headers.location).toBe('/login?sso=email-not-verified');
  });

  it('logout ends our session and hands back the provider end-session URL (RP-initiated logout)', async () => {
    const { callback } = await signIn(person());
    const cookie = cookieOf(callback)!;
    const out = await post(t, '/api/v1/auth/logout', cookie, {});
    expect(out.statusCode).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(end.origin).toBe(idp.issuer);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC}/login`);
    expect((await get(t, '/api/v1/auth/me', cookie)).statusCode).toBe(401);
  });

  it('a provider that is down gives a clear message on the login page, not a 500', async () => {
    const closed = await freePort();
    const res = await post(t, '/api/v1/auth/identity-providers', t.adminCookie, {
      organisationId: null,
      name: 'Weg',
      issuer: `http://127.0.0.1:${closed}`,
      clientId: 'x',
      clientSecretEnv: 'KW_TEST_OIDC_SECRET',
    });
    expect(res.statusCode, res.body).toBe(201);
    const start = await get(t, `/api/v1/auth/oidc/${res.json().id}/start`, '');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/login?sso=provider-unreachable');
    expect((await get(t, '/api/v1/auth/oidc/nope/start', '')).statusCode).toBe(404);
  });

  it("password login can be switched off for an organisation's people; platform administrators keep it", async () => {
    const { org: other, people } = await setUpOrganisation(t, 'awb-gemeente', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const res = await post(t, '/api/v1/auth/identity-providers', t.adminCookie, {
      organisationId: other.id,
      name: 'Alleen SSO',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretEnv: 'KW_TEST_OIDC_SECRET',
      passwordLogin: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: officer.email, password: officer.password } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('password-login-off');
    await expect(t.login(ADMIN.email, ADMIN.password)).resolves.toMatch(/^kw_session=/);
  });

  it('never shows a client secret back; storing one needs SECRETS_KEY; only admins of the organisation configure it', async () => {
    const list = (await get(t, '/api/v1/auth/identity-providers', t.adminCookie)).json().items;
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) {
      expect(p.hasClientSecret).toBe(true);
      expect(JSON.stringify(p)).not.toContain(idp.clientSecret);
    }
    const noKey = await post(t, '/api/v1/auth/identity-providers', t.adminCookie, {
      organisationId: org.id,
      name: 'Met geheim',
      issuer: idp.issuer,
      clientId: 'x',
      clientSecret: 'plain-secret',
    });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.details[0].path).toBe('body.clientSecret');
    const { people } = await setUpOrganisation(t, 'awb-gemeente', ['complaints-officer']);
    const byOfficer = await post(t, '/api/v1/auth/identity-providers', people['complaints-officer']!.cookie, {
      organisationId: org.id,
      name: 'Niet van mij',
      issuer: idp.issuer,
      clientId: 'x',
    });
    expect(byOfficer.statusCode).toBe(403);
    const http = await post(t, '/api/v1/auth/identity-providers', t.adminCookie, { organisationId: org.id, name: 'Onveilig', issuer: 'http://idp.example.org', clientId: 'x' });
    expect(http.json().error.details[0].path).toBe('body.issuer');
  });

  it('encrypts a stored secret with AES-256-GCM: the stored form holds no plain text and does not open with another key', () => {
    const key = parseSecretsKey(randomBytes(32).toString('hex'))!;
    const stored = encryptSecret(key, 'the-client-secret');
    expect(stored).not.toContain('the-client-secret');
    expect(decryptSecret(key, stored)).toBe('the-client-secret');
    expect(() => decryptSecret(parseSecretsKey(randomBytes(32).toString('hex'))!, stored)).toThrow();
    expect(parseSecretsKey('too-short')).toBeUndefined();
  });
});
