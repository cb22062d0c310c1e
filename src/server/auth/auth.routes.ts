import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { AppError, fieldError, notFound, unauthorized } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { getUserDto, findUserByEmail, normaliseEmail } from '../users/users.repository.ts';
import { userSchema, errorResponses } from '../schemas.ts';
import { hit } from '../../core/rate-limit.ts';
import { nowIso } from '../../core/ids.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword, type PasswordContext } from '../../core/passwords.ts';
import { createApiToken, createSession, deleteSession, endCredentials, sessionCookieName } from './auth.service.ts';
import { checkLoginDelay, clearLoginFailures, recordLoginFailure } from '../../core/login-throttle.ts';
import { createChallenge } from './second-factor.ts';
import { passwordLoginAllowed, ssoSettings } from './oidc.routes.ts';
import { endSessionUrl } from './oidc.service.ts';

/**
 * Every new password passes here (user creation, own change, admin reset; ADMIN_PASSWORD
 * in config.ts): at least 12 characters, not common or breached, not trivial.
 */
export const passwordSchema = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The same check with the account's own e-mail address and name, which the schema does not know. */
export function assertPasswordFor(path: string, password: string, context: PasswordContext): void {
  const problem = passwordProblem(password, context);
  if (problem) throw fieldError(path, problem);
}

const tokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable() });

export const loginAnswer = z.union([
  z.object({ user: userSchema }),
  z.object({
    secondFactorRequired: z.literal(true),
    /** Send it with the code to POST /auth/login/second-factor. */
    challenge: z.string(),
    expiresAt: z.string(),
  }),
]);

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };
  const cookieName = sessionCookieName(config.secureCookies);

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets an HttpOnly session cookie, or asks for the second factor',
        description:
          'Without a second factor: `{user}` and the session cookie. With one: `{secondFactorRequired, challenge, expiresAt}` and no cookie; ' +
          'send the challenge with the code to `POST /auth/login/second-factor`. After 5 failures for one account from one address, the next try from that address waits (429 with Retry-After), doubling per failure up to 15 minutes.',
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) }),
        response: { 200: loginAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const email = normaliseEmail(req.body.email);
      // Per address as well as per account, so one address cannot try many accounts.
      await hit(db, `login-ip:${req.ip}`, 100, 60);
      try {
        await checkLoginDelay(db, email, req.ip);
      } catch (err) {
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.login-throttled', subject: email });
        throw err;
      }
      const user = await findUserByEmail(db, email);
      const ok = user ? await verifyPassword(req.body.password, user.password_hash) : await verifyPassword(req.body.password, await dummyHash()).then(() => false); // as slow as a real check
      if (!user || !ok || user.active !== 1) {
        await recordLoginFailure(db, email, req.ip);
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.login-failed', subject: email, entityType: user ? 'user' : undefined, entityId: user?.id });
        throw new AppError(401, 'invalid-credentials', 'The e-mail address or password is not correct.');
      }
      if (!(await passwordLoginAllowed(db, user))) {
        await appendAudit(db, {
          actor: null,
          ip: req.ip,
          action: 'auth.login-refused',
          subject: email,
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'password-login-off' },
        });
        throw new AppError(403, 'password-login-off', "Your organisation signs in through its own login: use the button with your organisation's name.");
      }
      if (user.totp_secret) {
        // The session is made only after the code (POST /login/second-factor).
        const c = await db.transaction().execute(async (trx) => {
          const c = await createChallenge(trx, user.id, req.ip);
          await appendAudit(trx, { actor: null, ip: req.ip, action: 'auth.login-password-accepted', entityType: 'user', entityId: user.id, subject: email });
          return c;
        });
        return { secondFactorRequired: true as const, ...c };
      }
      await clearLoginFailures(db, email, req.ip);
      const secret = await db.transaction().execute(async (trx) => {
        const s = await createSession(trx, user.id, req.ip, config.session);
        await appendAudit(trx, { actor: { userId: user.id, email: user.email }, ip: req.ip, action: 'auth.login', entityType: 'user', entityId: user.id, subject: email });
        return s;
      });
      reply.setCookie(cookieName, secret, { ...cookieOptions, maxAge: Math.floor(Math.min(config.session.idleMs, config.session.maxMs) / 1000) });
      return { user: (await getUserDto(db, user.id))! };
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: "End the session; after a sign-in through an identity provider, also the URL that ends the provider's session",
        response: { 200: z.object({ endSessionUrl: z.string() }), 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = req.actor;
      let endSession: string | null = null;
      if (actor?.sessionId) {
        const sso = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', actor.sessionId).executeTakeFirst();
        if (sso) endSession = await endSessionUrl(db, ssoSettings(config), sso.provider_id, sso.id_token);
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('sso_sessions').where('session_id', '=', actor.sessionId!).execute();
          await deleteSession(trx, actor.sessionId!);
          await appendAudit(trx, {
            actor,
            ip: req.ip,
            action: 'auth.logout',
            entityType: 'user',
            entityId: actor.userId,
            ...(sso && { details: { providerLogout: endSession !== null } }),
          });
        });
      }
      reply.clearCookie(cookieName, cookieOptions);
      return endSession ? reply.code(200).send({ endSessionUrl: endSession }) : reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        description: 'secondFactorEnrolmentRequired: an organisation this admin administers requires a second factor, and until it is set up every other call answers 403.',
        response: { 200: z.object({ user: userSchema, secondFactorEnrolmentRequired: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const user = await getUserDto(db, actor.userId);
      if (!user) throw unauthorized();
      return { user, secondFactorEnrolmentRequired: !!actor.secondFactorEnrolmentRequired };
    },
  );

  // The web app's probe at start: 200 either way, so a visitor who is not logged in
  // does not get a failed request in the browser console on every page.
  app.get(
    '/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, or null when not logged in',
        response: { 200: z.object({ user: userSchema.nullable(), secondFactorEnrolmentRequired: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const user = req.actor ? await getUserDto(db, req.actor.userId) : null;
      return { user: user ?? null, secondFactorEnrolmentRequired: !!req.actor?.secondFactorEnrolmentRequired };
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (your other sessions and your API tokens end)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(req.body.currentPassword, row.password_hash))) {
        await appendAudit(db, { actor, ip: req.ip, action: 'auth.password-change-failed', entityType: 'user', entityId: actor.userId });
        throw new AppError(400, 'invalid-input', 'currentPassword: the current password is not correct.', [
          { path: 'currentPassword', message: 'The current password is not correct.' },
        ]);
      }
      assertPasswordFor('newPassword', req.body.newPassword, { email: actor.email, name: actor.name });
      if (req.body.newPassword === req.body.currentPassword) throw fieldError('newPassword', 'must differ from the current password');
      const hash = await hashPassword(req.body.newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
        // Every other session and every API token of this user ends; this session stays.
        await endCredentials(trx, actor.userId, actor.sessionId);
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.password-changed', entityType: 'user', entityId: actor.userId });
      });
      return reply.code(204).send(null);
    },
  );

  app.get('/tokens', { schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses } } }, async (req) => {
    const actor = requireActor(req);
    const rows = await db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso())]))
      .orderBy('id')
      .execute();
    return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, expiresAt: r.expires_at })) };
  });

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; it is shown once. Send it as `Authorization: Bearer <token>`',
        description:
          'The token ends after `expiresInDays` (default API_TOKEN_DAYS, at most API_TOKEN_MAX_DAYS), when it is revoked, ' +
          "and when its owner's password is changed or reset or the owner is deactivated.",
        body: z.object({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string(), expiresAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const days = req.body.expiresInDays ?? config.apiTokenDays.default;
      if (days > config.apiTokenDays.max) throw fieldError('expiresInDays', `must be at most ${config.apiTokenDays.max} days`);
      const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
      const created = await db.transaction().execute(async (trx) => {
        const t = await createApiToken(trx, actor.userId, req.body.name, expiresAt);
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.token-created', entityType: 'api-token', entityId: t.id });
        return t;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke an API token', params: z.object({ id: z.string() }), response: { 204: z.null(), ...errorResponses } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const res = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: nowIso() })
          .where('id', '=', req.params.id)
          .where('user_id', '=', actor.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) {
          await appendAudit(trx, { actor, ip: req.ip, action: 'auth.token-revoked', entityType: 'api-token', entityId: req.params.id });
        }
        return Number(r.numUpdatedRows);
      });
      if (res === 0) throw notFound('The token');
      return reply.code(204).send(null);
    },
  );
};
