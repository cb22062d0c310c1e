import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Deps } from '../context.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { canAdminister, isAnyAdmin, type Actor } from '../auth/roles.ts';
import { hashPassword } from '../../core/passwords.ts';
import { assertPasswordFor, passwordSchema } from '../auth/auth.routes.ts';
import { endCredentials } from '../auth/auth.service.ts';
import { errorResponses, idParams, roleSchema, userSchema } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { findUserByEmail, getUserDto, membershipsOf, normaliseEmail, toUserDto, type UserDto } from './users.repository.ts';

const membershipInput = z.object({ organisationId: z.string().min(1).max(64), role: roleSchema, teamId: z.string().min(1).max(64).nullish() }).strict();
type MembershipInput = z.infer<typeof membershipInput>;

const createBody = z
  .object({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
    password: passwordSchema,
    memberships: z.array(membershipInput).max(50).default([]),
    platformAdmin: z.boolean().optional(),
  })
  .strict();

const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    active: z.boolean(),
    password: passwordSchema,
    memberships: z.array(membershipInput).max(50),
    platformAdmin: z.boolean(),
  })
  .partial()
  .strict();

/** Each membership must be in an organisation the caller administers, with a team of that organisation. */
async function checkMemberships(db: Kysely<DB>, actor: Actor, list: MembershipInput[]) {
  const seen = new Set<string>();
  for (const [i, m] of list.entries()) {
    const key = `${m.organisationId}/${m.role}`;
    if (seen.has(key)) throw fieldError(`memberships.${i}`, 'the same organisation and role appear twice');
    seen.add(key);
    const org = await db.selectFrom('organisations').select('id').where('id', '=', m.organisationId).executeTakeFirst();
    if (!org) throw fieldError(`memberships.${i}.organisationId`, 'no organisation with this id');
    if (!canAdminister(actor, m.organisationId)) throw forbidden('You can only give roles in organisations you administer.');
    if (m.teamId) {
      const team = await db.selectFrom('teams').select('organisation_id').where('id', '=', m.teamId).executeTakeFirst();
      if (!team || team.organisation_id !== m.organisationId) throw fieldError(`memberships.${i}.teamId`, 'no team with this id in that organisation');
    }
  }
}

async function writeMemberships(db: Kysely<DB>, userId: string, list: MembershipInput[]) {
  const now = nowIso();
  for (const m of list) {
    await db
      .insertInto('memberships')
      .values({ id: newId(), user_id: userId, organisation_id: m.organisationId, role: m.role, team_id: m.teamId ?? null, created_at: now })
      .execute();
  }
}

/** True when every membership of the user is in an organisation the caller administers. */
function ownsWholeAccount(actor: Actor, user: UserDto): boolean {
  return !user.platformAdmin && user.memberships.length > 0 && user.memberships.every((m) => canAdminister(actor, m.organisationId));
}

/** Admins see the users of the organisations they administer; platform admins see everyone. */
function canSeeUser(actor: Actor, user: UserDto): boolean {
  return actor.platformAdmin || actor.userId === user.id || user.memberships.some((m) => canAdminister(actor, m.organisationId));
}

export const userRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/',
    {
      schema: {
        tags: ['users'],
        summary: 'Users of the organisations you administer',
        querystring: z.object({ organisationId: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ items: z.array(userSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!isAnyAdmin(actor)) throw forbidden('Only administrators see the list of users.');
      const orgId = req.query.organisationId;
      if (orgId && !canAdminister(actor, orgId)) throw forbidden('You do not administer this organisation.');
      let q = db.selectFrom('users').selectAll().orderBy('name');
      if (orgId) {
        q = q.where('id', 'in', db.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId));
      } else if (!actor.platformAdmin) {
        const adminOf = actor.memberships.filter((m) => m.role === 'admin').map((m) => m.organisationId);
        q = q.where('id', 'in', db.selectFrom('memberships').select('user_id').where('organisation_id', 'in', adminOf));
      }
      const rows = await q.execute();
      const ms = await membershipsOf(
        db,
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => toUserDto(r, ms.get(r.id) ?? [])) };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user with memberships (roles per organisation)',
        body: createBody,
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      if (!isAnyAdmin(actor)) throw forbidden('Only administrators create users.');
      if (b.platformAdmin && !actor.platformAdmin) throw forbidden('Only platform administrators create platform administrators.');
      if (!actor.platformAdmin && b.memberships.length === 0) throw fieldError('memberships', 'give the user at least one role in an organisation you administer');
      await checkMemberships(db, actor, b.memberships);
      if (await findUserByEmail(db, b.email)) throw conflict('email-taken', 'A user with this e-mail address already exists.');
      assertPasswordFor('password', b.password, { email: b.email, name: b.name });
      const now = nowIso();
      const id = newId();
      const password_hash = await hashPassword(b.password);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({ id, email: normaliseEmail(b.email), name: b.name, password_hash, platform_admin: b.platformAdmin ? 1 : 0, active: 1, created_at: now, updated_at: now })
          .execute();
        await writeMemberships(trx, id, b.memberships);
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'user.created',
          entityType: 'user',
          entityId: id,
          organisationId: b.memberships[0]?.organisationId ?? null,
          details: { memberships: b.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role })), platformAdmin: !!b.platformAdmin },
        });
      });
      return reply.code(201).send((await getUserDto(db, id))!);
    },
  );

  app.get('/:id', { schema: { tags: ['users'], summary: 'One user', params: idParams, response: { 200: userSchema, ...errorResponses } } }, async (req) => {
    const actor = requireActor(req);
    const user = await getUserDto(db, req.params.id);
    if (!user || !canSeeUser(actor, user)) throw notFound('The user');
    return user;
  });

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user: name, active, password reset, memberships (within organisations you administer)',
        params: idParams,
        body: patchBody,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const user = await getUserDto(db, req.params.id);
      if (!user || !canSeeUser(actor, user)) throw notFound('The user');
      const b = req.body;
      const isSelf = actor.userId === user.id;
      const administers = actor.platformAdmin || user.memberships.some((m) => canAdminister(actor, m.organisationId));
      if (!administers) throw forbidden('Only an administrator can change this user.');
      if (b.platformAdmin !== undefined && !actor.platformAdmin) throw forbidden('Only platform administrators grant platform administration.');
      // An organisation admin changes a user's account (not only their memberships) only when
      // that account lies wholly within organisations they administer: otherwise a password
      // reset or deactivation would take over rights the admin does not have.
      const accountFields = b.name !== undefined || b.active !== undefined || b.password !== undefined;
      if (accountFields && !actor.platformAdmin && !isSelf && !ownsWholeAccount(actor, user)) {
        throw forbidden(
          'This user also works for organisations you do not administer (or is a platform administrator): only a platform administrator can change their name, password or active state.',
        );
      }
      if (isSelf && (b.active === false || b.platformAdmin === false)) {
        throw new AppError(409, 'cannot-lock-out-self', 'You cannot deactivate yourself or remove your own platform administration.');
      }
      if (b.memberships) {
        // An admin replaces the memberships in the organisations they administer; the others stay.
        await checkMemberships(db, actor, b.memberships);
      }
      if (b.password) assertPasswordFor('password', b.password, { email: user.email, name: b.name ?? user.name });
      const password_hash = b.password ? await hashPassword(b.password) : undefined;
      await db.transaction().execute(async (trx) => {
        const set = {
          ...(b.name !== undefined && { name: b.name }),
          ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
          ...(b.platformAdmin !== undefined && { platform_admin: b.platformAdmin ? 1 : 0 }),
          ...(password_hash && { password_hash }),
          updated_at: nowIso(),
        };
        await trx.updateTable('users').set(set).where('id', '=', user.id).execute();
        if (b.memberships) {
          const managed = user.memberships.filter((m) => canAdminister(actor, m.organisationId));
          for (const m of managed) {
            await trx.deleteFrom('memberships').where('user_id', '=', user.id).where('organisation_id', '=', m.organisationId).where('role', '=', m.role).execute();
          }
          await writeMemberships(trx, user.id, b.memberships);
        }
        // Deactivation or a password reset ends the user's sessions and API tokens at once.
        if (b.active === false || password_hash) await endCredentials(trx, user.id);
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'user.updated',
          entityType: 'user',
          entityId: user.id,
          organisationId: user.memberships[0]?.organisationId ?? null,
          details: { fields: Object.keys(b), ...(b.memberships && { memberships: b.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role })) }) },
        });
      });
      return (await getUserDto(db, user.id))!;
    },
  );
};
