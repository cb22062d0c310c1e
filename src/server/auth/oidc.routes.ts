import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB, IdentityProvidersTable } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import { requireActor, type Deps } from '../context.ts';
import { fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { errorResponses, idParams, roleSchema } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { canAdminister, type Actor } from './roles.ts';
import { hashPassword } from '../../core/passwords.ts';
import { createSession, sessionCookieName, sha256, type SessionPolicy } from './auth.service.ts';
import {
  activeProvider,
  encryptSecret,
  finishSignIn,
  parseSecretsKey,
  safeReturnTo,
  SsoError,
  startSignIn,
  type RoleMapping,
  type SignedIn,
  type SsoSettings,
} from './oidc.service.ts';

const mappingSchema = z.object({ group: z.string().trim().min(1).max(200), organisationId: z.string().min(1).max(64), role: roleSchema }).strict();

const providerFields = {
  organisationId: z.string().min(1).max(64).nullable().describe('null: for the whole installation (platform administrators)'),
  name: z.string().trim().min(2).max(100).describe('Shown on the login button, e.g. "Medewerkers gemeente Utrecht"'),
  issuer: z
    .url()
    .max(500)
    .refine((v) => v.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(v), 'must be https (http only for a provider on this machine)'),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().min(1).max(500).optional().describe('Stored encrypted under SECRETS_KEY; never shown back'),
  clientSecretEnv: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,99}$/, 'the name of an environment variable, e.g. OIDC_UTRECHT_SECRET')
    .optional(),
  scopes: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'scopes separated by single spaces')
    .max(500)
    .refine((v) => v.split(' ').includes('openid'), "must include 'openid'"),
  emailClaim: z.string().trim().min(1).max(100),
  nameClaim: z.string().trim().min(1).max(100),
  groupsClaim: z.string().trim().min(1).max(100).nullable(),
  roleMappings: z.array(mappingSchema).max(100).describe('Groups that grant a role on sign-in; without a mapping a new user gets no rights'),
  passwordLogin: z.boolean().describe("false: this organisation's people sign in only through the provider"),
  active: z.boolean(),
};
const createBody = z
  .object({
    ...providerFields,
    organisationId: providerFields.organisationId.default(null),
    scopes: providerFields.scopes.default('openid email profile'),
    emailClaim: providerFields.emailClaim.default('email'),
    nameClaim: providerFields.nameClaim.default('name'),
    groupsClaim: providerFields.groupsClaim.default(null),
    roleMappings: providerFields.roleMappings.default([]),
    passwordLogin: providerFields.passwordLogin.default(true),
    active: providerFields.active.default(true),
  })
  .strict();
const patchBody = z.object(providerFields).omit({ organisationId: true }).partial().strict();

const providerOut = z.object({
  id: z.string(),
  organisationId: z.string().nullable(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  clientSecretEnv: z.string().nullable(),
  scopes: z.string(),
  emailClaim: z.string(),
  nameClaim: z.string(),
  groupsClaim: z.string().nullable(),
  roleMappings: z.array(z.object({ group: z.string(), organisationId: z.string(), role: z.string() })),
  passwordLogin: z.boolean(),
  active: z.boolean(),
  redirectUri: z.string().describe('Register this at the provider as the redirect URI'),
});

type Row = IdentityProvidersTable;

export function ssoSettings(config: Config): SsoSettings {
  return {
    redirectUri: `${config.publicUrl}/api/v1/auth/oidc/callback`,
    postLogoutRedirectUri: `${config.publicUrl}/login`,
    secretsKey: config.secretsKey ? parseSecretsKey(config.secretsKey) : undefined,
    env: process.env,
  };
}

/** Password login is off for someone whose every organisation switched it off (platform admins keep it). */
export async function passwordLoginAllowed(db: Kysely<DB>, user: { id: string; platform_admin: number }): Promise<boolean> {
  if (user.platform_admin === 1) return true;
  const orgs = [...new Set((await db.selectFrom('memberships').select('organisation_id').where('user_id', '=', user.id).execute()).map((m) => m.organisation_id))];
  if (orgs.length === 0) return true;
  const off = await db
    .selectFrom('identity_providers')
    .select('organisation_id')
    .where('organisation_id', 'in', orgs)
    .where('active', '=', 1)
    .where('password_login', '=', 0)
    .execute();
  const offOrgs = new Set(off.map((r) => r.organisation_id));
  return !orgs.every((o) => offOrgs.has(o));
}

export const oidcRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };
  const settings = ssoSettings(config);

  const out = (r: Row) => ({
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    issuer: r.issuer,
    clientId: r.client_id,
    hasClientSecret: r.client_secret_enc !== null || r.client_secret_env !== null,
    clientSecretEnv: r.client_secret_env,
    scopes: r.scopes,
    emailClaim: r.email_claim,
    nameClaim: r.name_claim,
    groupsClaim: r.groups_claim,
    roleMappings: JSON.parse(r.role_mappings) as RoleMapping[],
    passwordLogin: r.password_login === 1,
    active: r.active === 1,
    redirectUri: settings.redirectUri,
  });

  function mayConfigure(actor: Actor, organisationId: string | null) {
    if (organisationId === null ? !actor.platformAdmin : !canAdminister(actor, organisationId)) {
      throw forbidden(
        organisationId === null ? 'Only platform administrators configure sign-in for the whole installation.' : 'Only administrators of this organisation configure its sign-in.',
      );
    }
  }

  async function checkMappings(list: RoleMapping[], organisationId: string | null) {
    for (const [i, m] of list.entries()) {
      if (organisationId !== null && m.organisationId !== organisationId)
        throw fieldError(`body.roleMappings.${i}.organisationId`, "an organisation's provider grants roles only in that organisation");
      if (!(await db.selectFrom('organisations').select('id').where('id', '=', m.organisationId).executeTakeFirst()))
        throw fieldError(`body.roleMappings.${i}.organisationId`, 'no organisation with this id');
    }
  }

  function secretColumns(b: { clientSecret?: string | undefined; clientSecretEnv?: string | undefined }) {
    if (b.clientSecret !== undefined && b.clientSecretEnv !== undefined)
      throw fieldError('body.clientSecret', 'give the secret or the name of the variable that holds it, not both');
    if (b.clientSecret !== undefined) {
      if (!settings.secretsKey) throw fieldError('body.clientSecret', 'set SECRETS_KEY on the server to store secrets encrypted, or give clientSecretEnv');
      return { client_secret_enc: encryptSecret(settings.secretsKey, b.clientSecret), client_secret_env: null };
    }
    if (b.clientSecretEnv !== undefined) return { client_secret_enc: null, client_secret_env: b.clientSecretEnv };
    return {};
  }

  // ------------------------------------------------------------ sign-in

  app.get(
    '/oidc/providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'Identity providers to sign in with (for the login page)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), startUrl: z.string() })) }) },
      },
    },
    async () => {
      const rows = await db.selectFrom('identity_providers').select(['id', 'name']).where('active', '=', 1).orderBy('name').execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.name, startUrl: `/api/v1/auth/oidc/${r.id}/start` })) };
    },
  );

  const failed = (reason: string) => `/login?sso=${encodeURIComponent(reason)}`;

  app.get(
    '/oidc/:id/start',
    {
      schema: {
        tags: ['auth'],
        summary: "Start signing in with an identity provider: redirects to the provider's login page",
        params: idParams,
        querystring: z.object({ returnTo: z.string().max(500).optional() }),
      },
    },
    async (req, reply) => {
      // An id no button offers is a 404, like any unknown resource; a known provider that
      // fails sends the browser back to the login page with the reason.
      const p = await activeProvider(db, req.params.id).catch(() => {
        throw notFound('The identity provider');
      });
      try {
        const url = await startSignIn(db, p, settings, safeReturnTo(req.query.returnTo));
        return reply.code(303).header('location', url.href).header('cache-control', 'no-store').send();
      } catch (e) {
        if (!(e instanceof SsoError)) throw e;
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.sso-failed', subject: req.params.id, details: { reason: e.reason, detail: e.message } });
        return reply.code(303).header('location', failed(e.reason)).send();
      }
    },
  );

  app.get(
    '/oidc/callback',
    { schema: { tags: ['auth'], summary: 'Where the identity provider sends the browser back; signs in and redirects', querystring: z.looseObject({}) } },
    async (req, reply) => {
      let signedIn: SignedIn | undefined;
      try {
        signedIn = await finishSignIn(db, settings, new URL(req.url, settings.redirectUri));
        const done = await signInUser(db, signedIn, req.ip, config.session);
        reply.setCookie(sessionCookieName(config.secureCookies), done.secret, {
          ...cookieOptions,
          maxAge: Math.floor(Math.min(config.session.idleMs, config.session.maxMs) / 1000),
        });
        return reply.code(303).header('location', signedIn.returnTo).header('cache-control', 'no-store').send();
      } catch (e) {
        if (!(e instanceof SsoError)) throw e;
        await appendAudit(db, {
          actor: null,
          ip: req.ip,
          action: 'auth.sso-failed',
          ...(signedIn && { subject: signedIn.email }),
          details: { reason: e.reason, detail: e.message },
        });
        return reply.code(303).header('location', failed(e.reason)).send();
      }
    },
  );

  // ------------------------------------------------------------ administration

  app.get(
    '/identity-providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'Identity providers you configure (secrets are never shown)',
        querystring: z.object({ organisationId: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ items: z.array(providerOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await db.selectFrom('identity_providers').selectAll().orderBy('name').execute();
      const mine = rows.filter((r) => (r.organisation_id === null ? actor.platformAdmin : canAdminister(actor, r.organisation_id)));
      return { items: mine.filter((r) => !req.query.organisationId || r.organisation_id === req.query.organisationId).map(out) };
    },
  );

  app.post(
    '/identity-providers',
    { schema: { tags: ['auth'], summary: 'Configure an identity provider', body: createBody, response: { 201: providerOut, ...errorResponses } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      if (b.organisationId !== null && !(await db.selectFrom('organisations').select('id').where('id', '=', b.organisationId).executeTakeFirst()))
        throw fieldError('body.organisationId', 'no organisation with this id');
      mayConfigure(actor, b.organisationId);
      await checkMappings(b.roleMappings, b.organisationId);
      const now = nowIso();
      const row: Row = {
        id: newId(),
        organisation_id: b.organisationId,
        name: b.name,
        issuer: b.issuer.replace(/\/$/, ''),
        client_id: b.clientId,
        client_secret_enc: null,
        client_secret_env: null,
        ...secretColumns(b),
        scopes: b.scopes,
        email_claim: b.emailClaim,
        name_claim: b.nameClaim,
        groups_claim: b.groupsClaim,
        role_mappings: JSON.stringify(b.roleMappings),
        password_login: b.passwordLogin ? 1 : 0,
        active: b.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('identity_providers').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'identity-provider.created',
          entityType: 'identity-provider',
          entityId: row.id,
          organisationId: row.organisation_id,
          details: { issuer: row.issuer, passwordLogin: b.passwordLogin },
        });
      });
      return reply.code(201).send(out(row));
    },
  );

  app.patch(
    '/identity-providers/:id',
    { schema: { tags: ['auth'], summary: 'Change an identity provider', params: idParams, body: patchBody, response: { 200: providerOut, ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const row = await db.selectFrom('identity_providers').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!row || (row.organisation_id === null ? !actor.platformAdmin : !canAdminister(actor, row.organisation_id))) throw notFound('The identity provider');
      const b = req.body;
      if (b.roleMappings) await checkMappings(b.roleMappings, row.organisation_id);
      const set = {
        ...(b.name !== undefined && { name: b.name }),
        ...(b.issuer !== undefined && { issuer: b.issuer.replace(/\/$/, '') }),
        ...(b.clientId !== undefined && { client_id: b.clientId }),
        ...secretColumns(b),
        ...(b.scopes !== undefined && { scopes: b.scopes }),
        ...(b.emailClaim !== undefined && { email_claim: b.emailClaim }),
        ...(b.nameClaim !== undefined && { name_claim: b.nameClaim }),
        ...(b.groupsClaim !== undefined && { groups_claim: b.groupsClaim }),
        ...(b.roleMappings !== undefined && { role_mappings: JSON.stringify(b.roleMappings) }),
        ...(b.passwordLogin !== undefined && { password_login: b.passwordLogin ? 1 : 0 }),
        ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('identity_providers').set(set).where('id', '=', row.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'identity-provider.updated',
          entityType: 'identity-provider',
          entityId: row.id,
          organisationId: row.organisation_id,
          details: { fields: Object.keys(b).map((k) => (k === 'clientSecret' ? 'clientSecret (new)' : k)) },
        });
      });
      return out({ ...row, ...set });
    },
  );
};

/**
 * The person the provider vouched for: found by their identity at this provider, else
 * by a verified e-mail address, else created with no rights at all (an administrator
 * grants memberships, or a group mapping does). A deactivated account stays out.
 */
async function signInUser(db: Kysely<DB>, s: SignedIn, ip: string | null, policy: SessionPolicy): Promise<{ secret: string; userId: string }> {
  const p = s.provider;
  return db.transaction().execute(async (trx) => {
    const linked = await trx.selectFrom('user_identities').select('user_id').where('provider_id', '=', p.id).where('subject', '=', s.subject).executeTakeFirst();
    let user = linked ? await trx.selectFrom('users').selectAll().where('id', '=', linked.user_id).executeTakeFirst() : undefined;
    const now = nowIso();
    let created = false;
    if (!user) {
      user = await trx.selectFrom('users').selectAll().where('email', '=', s.email).executeTakeFirst();
      // Linking an existing account by address is safe only when the provider verified the address.
      if (user && !s.emailVerified) throw new SsoError('email-not-verified', `the provider did not verify ${s.email}, which belongs to an existing account`);
      if (!user) {
        // No password of their own: the hash of random bytes nobody knows.
        const row = {
          id: newId(),
          email: s.email,
          name: s.name,
          password_hash: await hashPassword(randomBytes(32).toString('base64url')),
          platform_admin: 0,
          active: 1,
          created_at: now,
          updated_at: now,
          totp_secret: null,
          totp_pending_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
        };
        await trx.insertInto('users').values(row).execute();
        user = row;
        created = true;
      }
      await trx.insertInto('user_identities').values({ provider_id: p.id, subject: s.subject, user_id: user.id, created_at: now }).execute();
    }
    if (user.active !== 1) throw new SsoError('account-inactive', `account ${user.email} is deactivated`);
    const granted: RoleMapping[] = [];
    for (const m of JSON.parse(p.role_mappings) as RoleMapping[]) {
      if (!s.groups.includes(m.group)) continue;
      const has = await trx
        .selectFrom('memberships')
        .select('id')
        .where('user_id', '=', user.id)
        .where('organisation_id', '=', m.organisationId)
        .where('role', '=', m.role)
        .executeTakeFirst();
      if (has) continue;
      await trx.insertInto('memberships').values({ id: newId(), user_id: user.id, organisation_id: m.organisationId, role: m.role, team_id: null, created_at: now }).execute();
      granted.push(m);
    }
    const secret = await createSession(trx, user.id, ip, policy);
    await trx
      .insertInto('sso_sessions')
      .values({ session_id: sha256(secret), provider_id: p.id, id_token: s.idToken })
      .execute();
    const actor = { userId: user.id, email: user.email };
    if (created)
      await appendAudit(trx, {
        actor,
        ip,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        organisationId: p.organisation_id,
        details: { via: 'sso', providerId: p.id },
      });
    if (granted.length)
      await appendAudit(trx, {
        actor,
        ip,
        action: 'user.memberships-granted',
        entityType: 'user',
        entityId: user.id,
        organisationId: p.organisation_id,
        details: { via: 'group-mapping', granted },
      });
    await appendAudit(trx, { actor, ip, action: 'auth.login', entityType: 'user', entityId: user.id, subject: user.email, details: { via: 'sso', providerId: p.id } });
    return { secret, userId: user.id };
  });
}
