import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { ADMIN, createTestApp, sessionCookie, unique, type TestApp } from '../helpers/app.ts';
import { FREE_LOGIN_FAILURES, loginDelaySeconds, MAX_LOGIN_DELAY_S } from '../../src/core/login-throttle.ts';
import { RECOVERY_CODE_COUNT } from '../../src/server/auth/second-factor.ts';
import { ConfigError, loadConfig } from '../../src/core/config.ts';

// Sign-in security, OWASP ASVS 5.0 level 2, chapters V6 (authentication) and
// V7 (session management): the story of an organisation admin, Fatima, her
// colleague and an attacker.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SESSION_MAX_HOURS: '2', API_TOKEN_DAYS: '30', API_TOKEN_MAX_DAYS: '60' });
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'fietsbel-op-de-gracht-7';

async function createOrg(tt: TestApp = t) {
  const res = await tt.app.inject({
    method: 'POST',
    url: '/api/v1/organisations',
    headers: { cookie: tt.adminCookie },
    payload: { name: unique('Org'), regulationId: 'stadsring51' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function createUser(orgId: string, role = 'employee', tt: TestApp = t) {
  const email = `${unique('u')}@example.org`.toLowerCase();
  const res = await tt.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: tt.adminCookie },
    payload: { email, name: 'Test Persoon', password: PASSWORD, memberships: [{ organisationId: orgId, role }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email, password: PASSWORD };
}

const login = (email: string, password: string, remoteAddress = '127.0.0.1', tt: TestApp = t) =>
  tt.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

const me = (headers: Record<string, string>, tt: TestApp = t) => tt.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

describe('passwords (ASVS 5.0 V6.2)', () => {
  it('[ASVS V6.2.4] creating a user with a common or breached password is a 400 naming body.password', async () => {
    const org = await createOrg();
    for (const password of ['qwerty123456', 'iloveyou1234', 'Sunshine2026!']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: t.adminCookie },
        payload: { email: `${unique('c')}@example.org`, name: 'X', password, memberships: [{ organisationId: org.id, role: 'employee' }] },
      });
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.details[0].path).toBe('body.password');
    }
  });

  it('[ASVS V6.2.11] a password holding the e-mail address or the name is refused at creation and at an admin reset', async () => {
    const org = await createOrg();
    const email = `${unique('janssen')}@example.org`.toLowerCase();
    const local = email.split('@')[0]!;
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: t.adminCookie },
      payload: { email, name: 'Marieke Janssen', password: `mijn-${local}-sleutel`, memberships: [{ organisationId: org.id, role: 'employee' }] },
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.details[0]).toEqual({ path: 'password', message: 'must not contain the e-mail address or name of the account' });
    const u = await createUser(org.id);
    const reset = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie: t.adminCookie }, payload: { password: 'Test-Persoon-zegt-hoi' } });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().error.details[0].path).toBe('password');
    const trivial = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie: t.adminCookie }, payload: { password: '1234567890123' } });
    expect(trivial.statusCode).toBe(400);
    expect(trivial.json().error.message).toMatch(/body\.password: .*sequence/);
  });

  it('[ASVS V6.2.4] changing your own password to a common, trivial or personal one is refused', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    for (const newPassword of ['aaaaaaaaaaaaaa', 'abcdefghijklmn', 'password1234', 'test-persoon-2026']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: u.password, newPassword } });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.details[0].path).toMatch(/newPassword$/);
    }
  });

  it('[ASVS V6.2.4] ADMIN_PASSWORD is checked at start, with a message naming the variable', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'password1234' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'password1234' })).toThrow(/ADMIN_PASSWORD: is one of the most common passwords/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'beheer@example.org', ADMIN_PASSWORD: 'beheer-van-het-huis' })).toThrow(/ADMIN_PASSWORD: must not contain/);
    expect(() => loadConfig({ ADMIN_PASSWORD: '111111111111' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ ADMIN_EMAIL: 'beheer@example.org', ADMIN_PASSWORD: ADMIN.password }).adminPassword).toBe(ADMIN.password);
  });
});

describe('sessions (ASVS 5.0 V7.3)', () => {
  it('[ASVS V7.3.2] a session ends SESSION_MAX_HOURS after login, however active it was', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    expect((await me({ cookie })).statusCode).toBe(200);
    // Active a minute ago, but logged in two hours and a minute ago.
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    await t.database.db
      .updateTable('sessions')
      .set({ created_at: ago(121 * 60_000), last_seen_at: ago(60_000) })
      .where('user_id', '=', u.id)
      .execute();
    expect((await me({ cookie })).statusCode).toBe(401);
  });

  it('[ASVS V7.3.1] a session also ends after the idle timeout, and its sliding end never passes the absolute one', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    const row = await t.database.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', u.id).executeTakeFirstOrThrow();
    // Idle 8 h by default, but at most 2 h (SESSION_MAX_HOURS in this test app) after login.
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(2 * 3_600_000);
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', u.id)
      .execute();
    expect((await me({ cookie })).statusCode).toBe(401);
  });

  it('[ASVS V7.4.3] changing the password ends the other sessions and every API token; this session stays', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const here = await t.login(u.email, u.password);
    const elsewhere = await t.login(u.email, u.password);
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: here }, payload: { name: 'koppeling' } })).json().token;
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: u.password, newPassword: 'een-nieuw-lang-wachtwoord' },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await me({ cookie: here })).statusCode).toBe(200);
    expect((await me({ cookie: elsewhere })).statusCode).toBe(401);
    const byToken = await me({ authorization: `Bearer ${token}` });
    expect(byToken.statusCode).toBe(401);
    expect(byToken.json().error.code).toBe('invalid-token');
  });

  it('[ASVS V7.4.2] an admin reset of the password, or deactivation, ends the user’s sessions and API tokens', async () => {
    const org = await createOrg();
    for (const change of [{ password: 'door-de-beheerder-gezet' }, { active: false }]) {
      const u = await createUser(org.id);
      const cookie = await t.login(u.email, u.password);
      const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'script' } })).json().token;
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie: t.adminCookie }, payload: change });
      expect(res.statusCode, res.body).toBe(200);
      expect((await me({ cookie })).statusCode).toBe(401);
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(401);
      const revoked = await t.database.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', u.id).executeTakeFirstOrThrow();
      expect(revoked.revoked_at).not.toBeNull();
      if (change.active === false) {
        // Reactivated, the old token stays ended.
        await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie: t.adminCookie }, payload: { active: true } });
        expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(401);
      }
    }
  });
});

describe('API tokens expire', () => {
  it('[ASVS V7.3] a token gets API_TOKEN_DAYS by default, may ask for up to API_TOKEN_MAX_DAYS, and stops working at its end', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    const dflt = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'standaard' } });
    expect(dflt.statusCode).toBe(201);
    const days = (Date.parse(dflt.json().expiresAt) - Date.parse(dflt.json().createdAt)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    const tooLong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'lang', expiresInDays: 61 } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details[0]).toEqual({ path: 'expiresInDays', message: 'must be at most 60 days' });
    const week = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'week', expiresInDays: 7 } });
    expect(week.statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { cookie } });
    expect(list.json().items.map((i: { name: string; expiresAt: string }) => [i.name, typeof i.expiresAt])).toEqual([
      ['standaard', 'string'],
      ['week', 'string'],
    ]);
    await t.database.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', week.json().id)
      .execute();
    expect((await me({ authorization: `Bearer ${week.json().token}` })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${dflt.json().token}` })).statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { cookie } });
    expect(after.json().items.map((i: { name: string }) => i.name)).toEqual(['standaard']);
  });
});

describe('lockout cannot lock the owner out (ASVS 5.0 V6.3.1)', () => {
  it('[ASVS V6.3.1] an attacker from address A hammers the account; the owner from address B still logs in with the right password', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const A = '203.0.113.66';
    const B = '198.51.100.7';
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login(u.email, `raad-maar-${i}-wachtwoord`, A)).statusCode);
    expect(codes.slice(0, FREE_LOGIN_FAILURES)).toEqual(Array(FREE_LOGIN_FAILURES).fill(401));
    expect(codes.slice(FREE_LOGIN_FAILURES)).toEqual(Array(12 - FREE_LOGIN_FAILURES).fill(429));
    // From A even the right password waits: the attacker learns nothing.
    expect((await login(u.email, u.password, A)).statusCode).toBe(429);
    const owner = await login(u.email, u.password, B);
    expect(owner.statusCode, owner.body).toBe(200);
    expect(owner.cookies.some((c) => c.name === 'kw_session')).toBe(true);
  });

  it('[ASVS V6.3.1] the delay doubles with each further failure from that address, up to a cap, and a success clears it', async () => {
    expect([4, 5, 6, 7, 8].map(loginDelaySeconds)).toEqual([0, 1, 2, 4, 8]);
    expect(loginDelaySeconds(100)).toBe(MAX_LOGIN_DELAY_S);
    const org = await createOrg();
    const u = await createUser(org.id);
    const A = '203.0.113.67';
    for (let i = 0; i < FREE_LOGIN_FAILURES; i++) await login(u.email, `fout-${i}-wachtwoord`, A);
    const waiting = await login(u.email, 'fout-x-wachtwoord', A);
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBe(1);
    // The wait is over: the next failure waits twice as long.
    const pastWait = async () => {
      await t.database.db
        .updateTable('login_failures')
        .set({ blocked_until: new Date(Date.now() - 1).toISOString() })
        .execute();
    };
    await pastWait();
    expect((await login(u.email, 'fout-y-wachtwoord', A)).statusCode).toBe(401);
    expect(Number((await login(u.email, 'fout-z-wachtwoord', A)).headers['retry-after'])).toBe(2);
    await pastWait();
    expect((await login(u.email, u.password, A)).statusCode).toBe(200);
    expect((await login(u.email, 'weer-fout-wachtwoord', A)).statusCode).toBe(401);
  });
});

describe('cookies and caching (ASVS 5.0 V3.3, V14.3)', () => {
  it('[ASVS V3.3.1] under an https PUBLIC_URL the session cookie is __Host-kw_session: Secure, Path=/, no Domain', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://klachten.example.org' });
    try {
      const res = await login(ADMIN.email, ADMIN.password, '127.0.0.1', https);
      expect(res.statusCode).toBe(200);
      const c = res.cookies.find((c) => c.name === '__Host-kw_session')!;
      expect(c).toBeDefined();
      expect(c).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Strict' });
      expect(c.domain).toBeUndefined();
      expect(res.cookies.some((c) => c.name === 'kw_session')).toBe(false);
      expect((await me({ cookie: `__Host-kw_session=${c.value}` }, https)).statusCode).toBe(200);
      // The unprefixed name, as a sibling subdomain could plant it, is not read.
      expect((await me({ cookie: `kw_session=${c.value}` }, https)).statusCode).toBe(401);
      const out = await https.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `__Host-kw_session=${c.value}` } });
      expect(out.headers['set-cookie']).toMatch(/^__Host-kw_session=;/);
    } finally {
      await https.close();
    }
  });

  it('[ASVS V14.3.2] every API answer says Cache-Control: no-store, errors and 404s included', async () => {
    const answers = await Promise.all([
      me({ cookie: t.adminCookie }),
      me({}),
      t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: t.adminCookie } }),
      t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: t.adminCookie } }),
      t.app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { cookie: t.adminCookie } }),
      t.app.inject({ method: 'GET', url: '/api/v1/regulations' }),
      t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      login('nobody@example.org', 'whatever-it-is-1', '192.0.2.1'),
    ]);
    for (const res of answers) expect(res.headers['cache-control'], res.raw.req.url).toBe('no-store');
  });
});

describe('TOTP second factor (ASVS 5.0 V6.5, V6.6)', () => {
  async function enrol(cookie: string) {
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: { cookie } });
    expect(start.statusCode, start.body).toBe(200);
    const { secret } = start.json() as { secret: string };
    const done = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment/confirm', headers: { cookie }, payload: { code: await generate({ secret }) } });
    expect(done.statusCode, done.body).toBe(200);
    return { secret, recoveryCodes: done.json().recoveryCodes as string[] };
  }
  /** A code of the next 30-second step: the current one is used up once accepted. */
  const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

  it('[ASVS V6.5.1] enrolment gives a secret, an otpauth URI and a QR code, and only a right first code switches it on', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: { cookie } });
    const body = start.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]{32}/);
    expect(body.uri).toContain(encodeURIComponent(u.email));
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(body.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment/confirm', headers: { cookie }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('code');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/second-factor', headers: { cookie } })).json()).toMatchObject({ enabled: false });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment/confirm',
      headers: { cookie },
      payload: { code: await generate({ secret: body.secret }) },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(ok.json().recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/second-factor', headers: { cookie } })).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Recovery codes are stored hashed, never in clear.
    const stored = await t.database.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', u.id).execute();
    expect(stored.map((r) => r.code_hash).join()).not.toContain(ok.json().recoveryCodes[0].replace('-', ''));
  });

  it('[ASVS V6.6.1] with a second factor, login asks for the code and only then makes the session; a code works once', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const { secret } = await enrol(await t.login(u.email, u.password));
    const first = await login(u.email, u.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ secondFactorRequired: true, challenge: expect.any(String) });
    expect(first.cookies).toHaveLength(0);
    const { challenge } = first.json();
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge, code: '123456' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid-code');
    const code = await nextCode(secret);
    const good = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge, code } });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().user.email).toBe(u.email);
    expect((await me({ cookie: sessionCookie(good) })).statusCode).toBe(200);
    // The challenge is spent, and the same code does not open a second login.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge, code } })).json().error.code).toBe('challenge-expired');
    const again = (await login(u.email, u.password)).json().challenge;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: again, code } })).statusCode).toBe(401);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', u.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.second-factor-enabled', 'auth.login-password-accepted', 'auth.second-factor-failed', 'auth.login']));
  });

  it('[ASVS V6.5.1] a recovery code logs in once; five wrong codes end the login step', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const { recoveryCodes } = await enrol(await t.login(u.email, u.password));
    const c1 = (await login(u.email, u.password)).json().challenge;
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: c1, code: recoveryCodes[3]!.toUpperCase() } });
    expect(ok.statusCode).toBe(200);
    const c2 = (await login(u.email, u.password)).json().challenge;
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: c2, code: recoveryCodes[3] } });
    expect(reused.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/second-factor', headers: { cookie: sessionCookie(ok) } })).json().recoveryCodesLeft).toBe(9);
    const c3 = (await login(u.email, u.password, '192.0.2.50')).json().challenge;
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: c3, code: `00000${i}` }, remoteAddress: '192.0.2.51' });
    }
    const spent = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: c3, code: recoveryCodes[0] }, remoteAddress: '192.0.2.51' });
    expect(spent.statusCode).toBe(401);
    expect(spent.json().error.code).toBe('challenge-expired');
  });

  it('[ASVS V6.4.3] switching it off needs the password and a code, from a session, not with an API token', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    const { secret } = await enrol(cookie);
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'script' } })).json().token;
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/disable',
      headers: { authorization: `Bearer ${token}` },
      payload: { password: u.password, code: await nextCode(secret) },
    });
    expect(byToken.statusCode).toBe(403);
    const wrongPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/disable',
      headers: { cookie },
      payload: { password: 'niet-het-wachtwoord', code: await nextCode(secret) },
    });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().error.details[0].path).toBe('password');
    const wrongCode = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/disable', headers: { cookie }, payload: { password: u.password, code: '999999' } });
    expect(wrongCode.json().error.details[0].path).toBe('code');
    const off = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/disable',
      headers: { cookie },
      payload: { password: u.password, code: await nextCode(secret) },
    });
    expect(off.statusCode, off.body).toBe(204);
    expect((await login(u.email, u.password)).json().user.email).toBe(u.email);
    expect(await t.database.db.selectFrom('recovery_codes').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });

  it('[ASVS V6.5.1] new recovery codes (password and a code) replace the old ones', async () => {
    const org = await createOrg();
    const u = await createUser(org.id);
    const cookie = await t.login(u.email, u.password);
    const { recoveryCodes } = await enrol(cookie);
    const renew = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/recovery-codes',
      headers: { cookie },
      payload: { password: u.password, code: recoveryCodes[0] },
    });
    expect(renew.statusCode, renew.body).toBe(200);
    const fresh = renew.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
    const old = (await login(u.email, u.password)).json().challenge;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: old, code: recoveryCodes[1] } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: old, code: fresh[1] } })).statusCode).toBe(200);
  });

  it('[ASVS V6.4.4] a lost phone: an admin of all the user’s organisations removes their second factor; an admin of only one of them cannot', async () => {
    const org = await createOrg();
    const other = await createOrg();
    const u = await createUser(org.id, 'employee');
    const cookie = await t.login(u.email, u.password);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: { cookie } });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment/confirm',
      headers: { cookie },
      payload: { code: await generate({ secret: start.json().secret }) },
    });
    expect((await login(u.email, u.password, '127.0.0.1')).json().secondFactorRequired).toBe(true);
    // Also a member elsewhere: the admin of org alone may not take the factor away.
    await t.database.db
      .insertInto('memberships')
      .values({ id: unique('m'), user_id: u.id, organisation_id: other.id, role: 'employee', team_id: null, created_at: new Date().toISOString() })
      .execute();
    const orgAdmin = await createUser(org.id, 'admin');
    const orgAdminCookie = await t.login(orgAdmin.email, orgAdmin.password);
    const refused = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${u.id}/second-factor`, headers: { cookie: orgAdminCookie } });
    expect(refused.statusCode).toBe(403);
    await t.database.db.deleteFrom('memberships').where('user_id', '=', u.id).where('organisation_id', '=', other.id).execute();
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${u.id}/second-factor`, headers: { cookie: orgAdminCookie } });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await me({ cookie })).statusCode).toBe(401);
    expect((await login(u.email, u.password, '127.0.0.1')).json().user.email).toBe(u.email);
  });
});

describe('an organisation requires a second factor of its admins', () => {
  let t2: TestApp;
  beforeAll(async () => {
    t2 = await createTestApp();
  });
  afterAll(async () => {
    await t2?.close();
  });

  it('[ASVS V6.3.3] an admin without one must enrol before doing anything else; employees and other organisations are not affected', async () => {
    const org = await createOrg(t2);
    const other = await createOrg(t2);
    const admin = await createUser(org.id, 'admin', t2);
    const employee = await createUser(org.id, 'employee', t2);
    const otherAdmin = await createUser(other.id, 'admin', t2);
    const adminCookie = await t2.login(admin.email, admin.password);
    // Only the organisation's admins set the policy.
    const notAllowed = await t2.app.inject({
      method: 'PUT',
      url: `/api/v1/organisations/${org.id}/sign-in-policy`,
      headers: { cookie: await t2.login(otherAdmin.email, otherAdmin.password) },
      payload: { adminSecondFactorRequired: true },
    });
    expect(notAllowed.statusCode).toBe(403);
    const set = await t2.app.inject({
      method: 'PUT',
      url: `/api/v1/organisations/${org.id}/sign-in-policy`,
      headers: { cookie: adminCookie },
      payload: { adminSecondFactorRequired: true },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ organisationId: org.id, adminSecondFactorRequired: true });

    const blocked = await t2.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: adminCookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('second-factor-enrolment-required');
    expect((await t2.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/sign-in-policy`, headers: { cookie: adminCookie } })).statusCode).toBe(403);
    const meAnswer = await me({ cookie: adminCookie }, t2);
    expect(meAnswer.statusCode).toBe(200);
    expect(meAnswer.json().secondFactorEnrolmentRequired).toBe(true);
    expect((await t2.app.inject({ method: 'GET', url: '/api/v1/auth/second-factor', headers: { cookie: adminCookie } })).json()).toMatchObject({
      enabled: false,
      enrolmentRequired: true,
    });
    // The platform admin administers every organisation, so is covered too.
    expect((await t2.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: t2.adminCookie } })).statusCode).toBe(403);
    // Not the employee, not the other organisation's admin.
    expect((await t2.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: await t2.login(employee.email, employee.password) } })).statusCode).toBe(200);
    expect((await t2.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: await t2.login(otherAdmin.email, otherAdmin.password) } })).statusCode).toBe(200);

    const start = await t2.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: { cookie: adminCookie } });
    const { secret } = start.json();
    const confirm = await t2.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment/confirm',
      headers: { cookie: adminCookie },
      payload: { code: await generate({ secret }) },
    });
    expect(confirm.statusCode).toBe(200);
    expect((await t2.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: adminCookie } })).statusCode).toBe(200);
    // While it is required, it cannot be switched off.
    const off = await t2.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/disable',
      headers: { cookie: adminCookie },
      payload: { password: admin.password, code: confirm.json().recoveryCodes[0] },
    });
    expect(off.statusCode).toBe(409);
    expect(off.json().error.code).toBe('second-factor-required');
  });
});
