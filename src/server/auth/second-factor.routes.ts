import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { requireActor, type Deps } from '../context.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { errorResponses, idParams, userSchema } from '../schemas.ts';
import { getUserDto } from '../users/users.repository.ts';
import { getOrganisation } from '../organisations/organisations.repository.ts';
import { nowIso } from '../../core/ids.ts';
import { hit } from '../../core/rate-limit.ts';
import { canAdminister, type Actor } from './roles.ts';
import { verifyPassword } from '../../core/passwords.ts';
import { createSession, sessionCookieName, sha256 } from './auth.service.ts';
import { checkLoginDelay, clearLoginFailures, recordLoginFailure } from '../../core/login-throttle.ts';
import { CHALLENGE_ATTEMPTS, enrolmentFor, newRecoveryCodes, newTotpSecret, recoveryCodesLeft, totpStep, useSecondFactor } from './second-factor.ts';

const code = z.string().trim().min(6).max(20);
const statusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** An organisation you administer requires it and you have none yet: only enrolment is open to you. */
  enrolmentRequired: z.boolean(),
});
const policySchema = z.object({ organisationId: z.string(), adminSecondFactorRequired: z.boolean(), updatedAt: z.string().nullable() });

/** Managing the second factor needs a browser session: an API token must not be able to switch it off. */
function requireSession(req: FastifyRequest): Actor {
  const actor = requireActor(req);
  if (actor.via !== 'session') throw forbidden('The second factor is managed from a signed-in session, not with an API token.');
  return actor;
}

/** The second factor is for staff: every user of the staff application (complainants have no account). */
export const secondFactorRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };
  const issuer = `Klachtwijzer (${new URL(config.publicUrl).host})`;

  app.post(
    '/auth/login/second-factor',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second login step: the code from the authenticator app (or a recovery code); sets the session cookie',
        body: z.object({ challenge: z.string().min(1).max(100), code }),
        response: { 200: z.object({ user: userSchema }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const id = sha256(req.body.challenge);
      const ch = await db
        .selectFrom('login_challenges as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['c.user_id', 'c.expires_at', 'c.attempts', 'u.email', 'u.active'])
        .where('c.id', '=', id)
        .executeTakeFirst();
      if (!ch || Date.parse(ch.expires_at) <= Date.now() || ch.attempts >= CHALLENGE_ATTEMPTS || ch.active !== 1) {
        if (ch) await db.deleteFrom('login_challenges').where('id', '=', id).execute();
        throw new AppError(401, 'challenge-expired', 'This login step has expired. Log in again with your e-mail address and password.');
      }
      await checkLoginDelay(db, ch.email, req.ip);
      const used = await useSecondFactor(db, ch.user_id, req.body.code);
      if (!used) {
        await db
          .updateTable('login_challenges')
          .set({ attempts: ch.attempts + 1 })
          .where('id', '=', id)
          .execute();
        await recordLoginFailure(db, ch.email, req.ip);
        await appendAudit(db, { actor: null, ip: req.ip, action: 'auth.second-factor-failed', entityType: 'user', entityId: ch.user_id, subject: ch.email });
        throw new AppError(401, 'invalid-code', 'The code is not correct or was already used.');
      }
      await clearLoginFailures(db, ch.email, req.ip);
      const secret = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('login_challenges').where('id', '=', id).execute();
        const s = await createSession(trx, ch.user_id, req.ip, config.session);
        await appendAudit(trx, {
          actor: { userId: ch.user_id, email: ch.email },
          ip: req.ip,
          action: 'auth.login',
          entityType: 'user',
          entityId: ch.user_id,
          subject: ch.email,
          details: { secondFactor: used, ...(used === 'recovery-code' && { recoveryCodesLeft: await recoveryCodesLeft(trx, ch.user_id) }) },
        });
        return s;
      });
      reply.setCookie(sessionCookieName(config.secureCookies), secret, { ...cookieOptions, maxAge: Math.floor(Math.min(config.session.idleMs, config.session.maxMs) / 1000) });
      return { user: (await getUserDto(db, ch.user_id))! };
    },
  );

  app.get(
    '/auth/second-factor',
    { schema: { tags: ['auth'], summary: 'Your second factor: on or off, recovery codes left', response: { 200: statusSchema, ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const u = await db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      return {
        enabled: !!u.totp_secret,
        enabledAt: u.totp_secret ? u.totp_enabled_at : null,
        recoveryCodesLeft: u.totp_secret ? await recoveryCodesLeft(db, actor.userId) : 0,
        enrolmentRequired: !!actor.secondFactorEnrolmentRequired,
      };
    },
  );

  app.post(
    '/auth/second-factor/enrolment',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start enrolling an authenticator app: a new secret, its otpauth URI and a QR code (SVG data URL)',
        response: { 200: z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireSession(req);
      const u = await db.selectFrom('users').select('totp_secret').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      if (u.totp_secret) throw conflict('second-factor-enabled', 'A second factor is already set up. Switch it off first to set up another.');
      const secret = newTotpSecret();
      await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', actor.userId).execute();
      return enrolmentFor(secret, actor.email, issuer);
    },
  );

  app.post(
    '/auth/second-factor/enrolment/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish enrolling with a first code from the app; answers the recovery codes, shown once',
        body: z.object({ code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireSession(req);
      const u = await db.selectFrom('users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      if (u.totp_secret) throw conflict('second-factor-enabled', 'A second factor is already set up.');
      if (!u.totp_pending_secret) throw conflict('no-enrolment', 'Start the enrolment first (POST /auth/second-factor/enrolment).');
      const step = await totpStep(u.totp_pending_secret, req.body.code, null);
      if (step === null) throw fieldError('code', 'the code is not correct; check the time on your phone and try the next code');
      const codes = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_secret: u.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: nowIso(), totp_last_step: step, updated_at: nowIso() })
          .where('id', '=', actor.userId)
          .execute();
        const codes = await newRecoveryCodes(trx, actor.userId);
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.second-factor-enabled', entityType: 'user', entityId: actor.userId });
        return codes;
      });
      return { recoveryCodes: codes };
    },
  );

  /** Password and a current code (or a recovery code): a stolen session alone cannot weaken the account. */
  async function proveBoth(actor: Actor, password: string, secondFactor: string) {
    const u = await db.selectFrom('users').select(['password_hash', 'totp_secret']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    if (!u.totp_secret) throw conflict('no-second-factor', 'No second factor is set up.');
    if (!(await verifyPassword(password, u.password_hash))) throw fieldError('password', 'the password is not correct');
    // biome-ignore lint/correctness/useHookAtTopLevel: useSecondFactor is not a React hook (it uses up a one-time code)
    if (!(await useSecondFactor(db, actor.userId, secondFactor))) throw fieldError('code', 'the code is not correct or was already used');
  }

  app.post(
    '/auth/second-factor/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Switch the second factor off (password and a code or recovery code)',
        body: z.object({ password: z.string().min(1).max(200), code }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireSession(req);
      await limitAttempts(req.ip, actor.userId);
      await proveBoth(actor, req.body.password, req.body.code);
      if (await secondFactorRequiredFor(actor)) {
        throw conflict('second-factor-required', 'An organisation you administer requires a second factor; it cannot be switched off.');
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: nowIso() })
          .where('id', '=', actor.userId)
          .execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.second-factor-disabled', entityType: 'user', entityId: actor.userId });
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/second-factor/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'New recovery codes (the old ones stop working); password and a code',
        body: z.object({ password: z.string().min(1).max(200), code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireSession(req);
      await limitAttempts(req.ip, actor.userId);
      await proveBoth(actor, req.body.password, req.body.code);
      const codes = await db.transaction().execute(async (trx) => {
        const codes = await newRecoveryCodes(trx, actor.userId);
        await appendAudit(trx, { actor, ip: req.ip, action: 'auth.recovery-codes-renewed', entityType: 'user', entityId: actor.userId });
        return codes;
      });
      return { recoveryCodes: codes };
    },
  );

  /** Whether an organisation this user administers (any, for a platform admin) requires a second factor. */
  async function secondFactorRequiredFor(actor: Actor): Promise<boolean> {
    const adminOf = actor.memberships.filter((m) => m.role === 'admin').map((m) => m.organisationId);
    if (!actor.platformAdmin && adminOf.length === 0) return false;
    let q = db.selectFrom('organisation_security').select('organisation_id').where('admin_second_factor_required', '=', 1);
    if (!actor.platformAdmin) q = q.where('organisation_id', 'in', adminOf);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Guessing password and code on a stolen session: ten tries per ten minutes. */
  const limitAttempts = (ip: string, userId: string) => hit(db, `second-factor:${userId}:${ip}`, 10, 600);

  app.delete(
    '/users/:id/second-factor',
    {
      schema: {
        tags: ['users'],
        summary: "Remove a user's second factor (lost phone and recovery codes); their sessions end. Platform admins, or an admin of every organisation the user belongs to",
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const user = await getUserDto(db, req.params.id);
      const administers = (o: string) => canAdminister(actor, o);
      const related = !!user && (actor.platformAdmin || user.memberships.some((m) => administers(m.organisationId)));
      if (!user || !related) throw notFound('The user');
      // Taking away someone's second factor is taking over their account: only over users wholly within your organisations.
      const allowed = actor.platformAdmin || (!user.platformAdmin && user.memberships.length > 0 && user.memberships.every((m) => administers(m.organisationId)));
      if (!allowed) throw forbidden("Only a platform administrator can remove this user's second factor.");
      if (user.id === actor.userId) throw conflict('own-second-factor', 'Switch your own second factor off on your account page (password and code).');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: nowIso() })
          .where('id', '=', user.id)
          .execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        await trx.deleteFrom('login_challenges').where('user_id', '=', user.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'user.second-factor-removed',
          entityType: 'user',
          entityId: user.id,
          organisationId: user.memberships[0]?.organisationId ?? null,
        });
      });
      return reply.code(204).send(null);
    },
  );

  async function policyOf(organisationId: string) {
    const row = await db.selectFrom('organisation_security').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
    return { organisationId, adminSecondFactorRequired: row?.admin_second_factor_required === 1, updatedAt: row?.updated_at ?? null };
  }

  app.get(
    '/organisations/:id/sign-in-policy',
    {
      schema: {
        tags: ['organisations'],
        summary: "The organisation's sign-in policy (its admins)",
        params: idParams,
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!(await getOrganisation(db, req.params.id)) || !canAdminister(actor, req.params.id)) throw notFound('The organisation');
      return policyOf(req.params.id);
    },
  );

  app.put(
    '/organisations/:id/sign-in-policy',
    {
      schema: {
        tags: ['organisations'],
        summary: "Set the organisation's sign-in policy: adminSecondFactorRequired makes its admins (and platform admins) enrol a second factor before anything else",
        params: idParams,
        body: z.object({ adminSecondFactorRequired: z.boolean() }).strict(),
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!(await getOrganisation(db, req.params.id))) throw notFound('The organisation');
      if (!canAdminister(actor, req.params.id)) throw forbidden('Only administrators of this organisation set its sign-in policy.');
      const values = { admin_second_factor_required: req.body.adminSecondFactorRequired ? 1 : 0, updated_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('organisation_security')
          .values({ organisation_id: req.params.id, ...values })
          .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'organisation.sign-in-policy-changed',
          entityType: 'organisation',
          entityId: req.params.id,
          organisationId: req.params.id,
          details: { adminSecondFactorRequired: req.body.adminSecondFactorRequired },
        });
      });
      return policyOf(req.params.id);
    },
  );
};
