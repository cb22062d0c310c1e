import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { AppError, notFound, tooMany, unauthorized } from '../errors.ts';
import { appendAudit, countRecent } from '../audit/audit.repository.ts';
import { getUserDto, findUserByEmail, normaliseEmail } from '../users/users.repository.ts';
import { userSchema, errorResponses } from '../schemas.ts';
import { hit } from '../rate-limit.ts';
import { nowIso } from '../ids.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { createApiToken, createSession, deleteSession, SESSION_COOKIE, SESSION_IDLE_MS } from './auth.service.ts';

/** More than this many failed logins for one account within a minute → 429. */
export const MAX_FAILED_LOGINS_PER_MINUTE = 10;

export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(200);

const tokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets an HttpOnly session cookie',
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: userSchema }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const email = normaliseEmail(req.body.email);
      // Per address as well as per account, so one address cannot try many accounts.
      await hit(db, `login-ip:${req.ip}`, 100, 60);
      const since = new Date(Date.now() - 60_000).toISOString();
      if ((await countRecent(db, email, 'auth.login-failed', since)) >= MAX_FAILED_LOGINS_PER_MINUTE) {
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.login-throttled', subject: email });
        throw tooMany('Too many failed logins for this account. Wait a minute and try again.', 60);
      }
      const user = await findUserByEmail(db, email);
      const ok = user ? await verifyPassword(req.body.password, user.password_hash) : (await verifyPassword(req.body.password, await dummyHash()), false);
      if (!user || !ok || user.active !== 1) {
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.login-failed', subject: email, entityType: user ? 'user' : undefined, entityId: user?.id });
        throw new AppError(401, 'invalid-credentials', 'The e-mail address or password is not correct.');
      }
      const secret = await db.transaction().execute(async (trx) => {
        const s = await createSession(trx, user.id, req.ip);
        await appendAudit(trx, { actor: { userId: user.id, email: user.email }, ip: req.ip, action: 'auth.login', entityType: 'user', entityId: user.id, subject: email });
        return s;
      });
      reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions, maxAge: SESSION_IDLE_MS / 1000 });
      return { user: (await getUserDto(db, user.id))! };
    },
  );

  app.post(
    '/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      const actor = req.actor;
      if (actor?.sessionId) {
        await db.transaction().execute(async (trx) => {
          await deleteSession(trx, actor.sessionId!);
          await appendAudit(trx, { actor, ip: req.ip, action: 'auth.logout', entityType: 'user', entityId: actor.userId });
        });
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: z.object({ user: userSchema }), ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const user = await getUserDto(db, actor.userId);
      if (!user) throw unauthorized();
      return { user };
    },
  );

  // The web app's probe at start: 200 either way, so a visitor who is not logged in
  // does not get a failed request in the browser console on every page.
  app.get(
    '/session',
    { schema: { tags: ['auth'], summary: 'The logged-in user, or null when not logged in', response: { 200: z.object({ user: userSchema.nullable() }), ...errorResponses } } },
    async (req) => {
      const user = req.actor ? await getUserDto(db, req.actor.userId) : null;
      return { user: user ?? null };
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (other sessions end)',
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
      const hash = await hashPassword(req.body.newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
        // Every other session of this user ends; this one stays.
        let q = trx.deleteFrom('sessions').where('user_id', '=', actor.userId);
        if (actor.sessionId) q = q.where('id', '!=', actor.sessionId);
        await q.execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.password-changed', entityType: 'user', entityId: actor.userId });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tokens',
    { schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at })) };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; it is shown once. Send it as `Authorization: Bearer <token>`',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const created = await db.transaction().execute(async (trx) => {
        const t = await createApiToken(trx, actor.userId, req.body.name);
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
