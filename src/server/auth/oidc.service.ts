// Single sign-on with OpenID Connect (authorization code flow with PKCE, state and
// nonce), done on the server with openid-client, a certified relying party. The
// browser only ever holds our own HttpOnly session cookie: the provider's tokens,
// the PKCE verifier and the nonce stay in the database.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { DB, IdentityProvidersTable } from '../../db/schema.ts';
import { ROLES, type Role } from './roles.ts';

export interface RoleMapping {
  group: string;
  organisationId: string;
  role: Role;
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Why a sign-in failed, as the login page names it (never a 500). */
export type SsoFailure =
  | 'provider-unknown'
  | 'provider-unreachable'
  | 'sign-in-expired'
  | 'sign-in-refused'
  | 'token-invalid'
  | 'no-email'
  | 'email-not-verified'
  | 'account-inactive';

export class SsoError extends Error {
  readonly reason: SsoFailure;
  constructor(reason: SsoFailure, detail: string) {
    super(detail);
    this.reason = reason;
  }
}

// ---------------------------------------------------------------- secrets at rest

/** SECRETS_KEY: 32 bytes as 64 hex characters or base64. */
export function parseSecretsKey(v: string): Buffer | undefined {
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  return key.length === 32 ? key : undefined;
}

/** AES-256-GCM; the stored form is `v1.iv.tag.ciphertext` in base64url. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [v, iv, tag, data] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

// ---------------------------------------------------------------- the relying party

type ProviderRow = IdentityProvidersTable;

export interface SsoSettings {
  /** Where the provider sends the browser back: `${PUBLIC_URL}/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  postLogoutRedirectUri: string;
  secretsKey: Buffer | undefined;
  env: NodeJS.ProcessEnv;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SIGN_IN_MINUTES = 10;

/** http is allowed only for a provider on this machine (tests, development); elsewhere https. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function clientSecretOf(p: ProviderRow, s: SsoSettings): string | undefined {
  if (p.client_secret_env) return s.env[p.client_secret_env];
  if (p.client_secret_enc && s.secretsKey) return decryptSecret(s.secretsKey, p.client_secret_enc);
  return undefined;
}

// Discovery documents change rarely: a short in-process cache keeps sign-in to one
// round trip without making the app node stateful (each node fills its own).
const configs = new Map<string, { at: number; config: oidc.Configuration; updatedAt: string }>();
const CONFIG_TTL_MS = 5 * 60_000;

async function configurationFor(p: ProviderRow, s: SsoSettings): Promise<oidc.Configuration> {
  const cached = configs.get(p.id);
  if (cached && cached.updatedAt === p.updated_at && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
  const issuer = new URL(p.issuer);
  const secret = clientSecretOf(p, s);
  try {
    const config = await oidc.discovery(issuer, p.client_id, secret ? { client_secret: secret } : undefined, secret ? oidc.ClientSecretPost(secret) : oidc.None(), {
      execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 5,
    });
    configs.set(p.id, { at: Date.now(), config, updatedAt: p.updated_at });
    return config;
  } catch (e) {
    throw new SsoError('provider-unreachable', `discovery at ${p.issuer} failed: ${(e as Error).message}`);
  }
}

export async function activeProvider(db: Kysely<DB>, id: string): Promise<ProviderRow> {
  const p = await db.selectFrom('identity_providers').selectAll().where('id', '=', id).where('active', '=', 1).executeTakeFirst();
  if (!p) throw new SsoError('provider-unknown', `no active identity provider ${id}`);
  return p;
}

/** Only a path on this site: never an open redirect to elsewhere. */
export function safeReturnTo(v: string | undefined): string {
  return v && /^\/(?![/\\])[^\s]*$/.test(v) ? v : '/';
}

/** Step 1: remember state, nonce and verifier, and send the browser to the provider. */
export async function startSignIn(db: Kysely<DB>, p: ProviderRow, s: SsoSettings, returnTo: string): Promise<URL> {
  const config = await configurationFor(p, s);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  await db
    .insertInto('sso_requests')
    .values({
      state_hash: sha256(state),
      provider_id: p.id,
      nonce,
      code_verifier: verifier,
      return_to: safeReturnTo(returnTo),
      expires_at: new Date(Date.now() + SIGN_IN_MINUTES * 60_000).toISOString(),
    })
    .execute();
  await db.deleteFrom('sso_requests').where('expires_at', '<', new Date().toISOString()).execute();
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: p.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

export interface SignedIn {
  provider: ProviderRow;
  subject: string;
  email: string;
  name: string;
  groups: string[];
  idToken: string;
  returnTo: string;
  /** false only when the provider says the address is not verified (email_verified: false). */
  emailVerified: boolean;
}

/**
 * Step 2: the provider sent the browser back. The sign-in request is used once
 * (deleted before the code is exchanged, so a replayed callback finds nothing);
 * openid-client checks the state, the PKCE verifier and the id token's
 * signature, issuer, audience, expiry and nonce.
 */
export async function finishSignIn(db: Kysely<DB>, s: SsoSettings, callbackUrl: URL): Promise<SignedIn> {
  const state = callbackUrl.searchParams.get('state');
  if (!state) throw new SsoError('sign-in-expired', 'no state in the callback');
  const request = await db.deleteFrom('sso_requests').where('state_hash', '=', sha256(state)).returningAll().executeTakeFirst();
  if (!request || request.expires_at < new Date().toISOString()) throw new SsoError('sign-in-expired', 'unknown, used or expired state');
  const p = await activeProvider(db, request.provider_id);
  if (callbackUrl.searchParams.get('error')) throw new SsoError('sign-in-refused', `provider answered ${callbackUrl.searchParams.get('error')}`);
  const config = await configurationFor(p, s);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: request.code_verifier,
      expectedState: state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    const err = e as Error & { code?: string; cause?: unknown };
    // A network failure is the provider being down; anything else is a token we must not accept.
    const unreachable = err instanceof TypeError || /fetch failed|ECONNREFUSED|timed? ?out|aborted/i.test(`${err.message} ${String(err.cause ?? '')}`);
    throw new SsoError(unreachable ? 'provider-unreachable' : 'token-invalid', `${err.code ?? err.name}: ${err.message}`);
  }
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) throw new SsoError('token-invalid', 'no id token');
  let claims: Record<string, unknown> & { sub: string } = idClaims;
  // Many providers put e-mail, name and groups only in the userinfo answer, not in the id token.
  const missing = [p.email_claim, p.name_claim, ...(p.groups_claim ? [p.groups_claim] : [])].some((c) => claims[c] === undefined);
  if (missing && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
    } catch (e) {
      throw new SsoError('provider-unreachable', `userinfo failed: ${(e as Error).message}`);
    }
  }
  const email = claims[p.email_claim];
  if (typeof email !== 'string' || !email.includes('@')) throw new SsoError('no-email', `claim ${p.email_claim} holds no e-mail address`);
  const name = typeof claims[p.name_claim] === 'string' && (claims[p.name_claim] as string).trim() ? (claims[p.name_claim] as string).trim() : email;
  const rawGroups = p.groups_claim ? claims[p.groups_claim] : undefined;
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : [];
  return {
    provider: p,
    subject: idClaims.sub,
    email: email.trim().toLowerCase(),
    name,
    groups,
    idToken: tokens.id_token,
    returnTo: request.return_to,
    emailVerified: claims.email_verified !== false,
  };
}

/** RP-initiated logout: the provider's end-session URL, when it offers one. */
export async function endSessionUrl(db: Kysely<DB>, s: SsoSettings, providerId: string, idToken: string): Promise<string | null> {
  const p = await db.selectFrom('identity_providers').selectAll().where('id', '=', providerId).executeTakeFirst();
  if (!p) return null;
  try {
    const config = await configurationFor(p, s);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: s.postLogoutRedirectUri }).href;
  } catch {
    return null; // the local session is ended anyway
  }
}
