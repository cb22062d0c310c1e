import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { freePort } from './net.ts';

/**
 * A real OpenID provider (oidc-provider, OpenID Certified) on loopback for the
 * tests, with its development login pages. `tamper` rewrites the next id token
 * the token endpoint hands out (re-signed with the provider's own key), to test
 * what the relying party refuses.
 */
export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, { email: string; name: string; email_verified?: boolean; groups?: string[] }>;
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  /** Walks the provider's login and consent pages as a browser would; returns the URL it sends the browser back to. */
  authorize(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestIdp(redirectUri: string, postLogoutRedirectUri: string): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' } as JWK;
  const accounts: TestIdp['accounts'] = new Map();
  const idp = {
    issuer,
    clientId: 'klachtwijzer',
    clientSecret: 'a-test-client-secret-0123456789',
    accounts,
    tamper: null,
  } as TestIdp;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const a = accounts.get(id);
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email_verified: true, ...a }) };
    },
  });
  const signingKey = await importJWK(jwk, 'RS256');
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && idp.tamper && ctx.body && typeof ctx.body === 'object' && 'id_token' in ctx.body) {
      const body = ctx.body as { id_token: string };
      const claims = idp.tamper(decodeJwt(body.id_token) as Record<string, unknown>);
      idp.tamper = null;
      body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(signingKey);
    }
  });
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));

  idp.authorize = async (authorizationUrl, accountId) => {
    const jar = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
      return res;
    };
    let res = await go(authorizationUrl);
    for (let step = 0; step < 10; step++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider stopped at ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const next = new URL(location, issuer);
      if (next.origin !== issuer) return next; // back to the relying party
      const interaction = /^\/interaction\/([^/]+)$/.exec(next.pathname);
      if (interaction) {
        const page = await (await go(next.href)).text();
        const prompt = page.includes('name="login"') ? 'login' : 'consent';
        const body = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'anything' } : { prompt });
        res = await go(`${issuer}/interaction/${interaction[1]}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      } else {
        res = await go(next.href);
      }
    }
    throw new Error('too many redirects at the provider');
  };
  idp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return idp;
}
