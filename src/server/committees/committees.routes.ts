import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Deps } from '../context.ts';
import { conflict, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { canAdminister, type Actor } from '../auth/roles.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { getOrganisation } from '../organisations/organisations.repository.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import { findUserByEmail } from '../users/users.repository.ts';

/**
 * One complaints committee for several organisations (issue 9 §2.4).
 * - A platform administrator, or an administrator of an organisation (which then manages it), creates it.
 * - Its managers invite organisations; an organisation is served only once one of its own
 *   administrators accepted, naming the committee level of its regulation. No organisation can
 *   attach itself: without the committee's invitation there is nothing to accept.
 * - Its managers appoint its members once; they see the cases referred to the committee from any
 *   served organisation, at that level only (cases.access.ts). Each case stays its organisation's.
 */

type Db = Kysely<DB>;
type CommitteeRow = NonNullable<Awaited<ReturnType<typeof loadCommittee>>>;

const linkSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  status: z.enum(['invited', 'active', 'declined', 'left']),
  levelId: z.string().nullable(),
  invitedAt: z.string(),
  answeredAt: z.string().nullable(),
  leftAt: z.string().nullable(),
});
const memberSchema = z.object({ userId: z.string(), name: z.string(), role: z.enum(['chair', 'member']), appointedAt: z.string() });
const committeeSchema = z.object({
  id: z.string(),
  name: z.string(),
  managingOrganisationId: z.string().nullable(),
  managingOrganisationName: z.string().nullable(),
  regulationId: z.string().nullable(),
  organisations: z.array(linkSchema),
  members: z.array(memberSchema),
  you: z.object({
    manage: z.boolean().describe('you may invite organisations and appoint members'),
    member: z.boolean().describe('you sit on this committee'),
    administer: z.array(z.string()).describe('the linked organisations you administer: you may accept, decline or leave for them'),
  }),
  createdAt: z.string(),
});

const orgParams = z.object({ id: z.string().min(1).max(64), organisationId: z.string().min(1).max(64) });
const memberParams = z.object({ id: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

async function loadCommittee(db: Db, id: string) {
  return db.selectFrom('committees').selectAll().where('id', '=', id).executeTakeFirst();
}

function mayManage(actor: Actor, c: { managing_organisation_id: string | null }): boolean {
  return actor.platformAdmin || (c.managing_organisation_id !== null && canAdminister(actor, c.managing_organisation_id));
}

async function isMember(db: Db, committeeId: string, userId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('committee_members')
      .select('user_id')
      .where('committee_id', '=', committeeId)
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .executeTakeFirst()) !== undefined
  );
}

/** Managers, members, and administrators of an organisation it invited or served see the committee; others get 404. */
async function visibleTo(db: Db, actor: Actor, c: CommitteeRow): Promise<boolean> {
  if (mayManage(actor, c) || (await isMember(db, c.id, actor.userId))) return true;
  const links = await db.selectFrom('committee_organisations').select('organisation_id').where('committee_id', '=', c.id).execute();
  return links.some((l) => canAdminister(actor, l.organisation_id));
}

async function toDto(db: Db, actor: Actor, c: CommitteeRow): Promise<z.infer<typeof committeeSchema>> {
  const manage = mayManage(actor, c);
  const links = await db
    .selectFrom('committee_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.organisation_id', 'o.name', 'l.status', 'l.level_id', 'l.invited_at', 'l.answered_at', 'l.left_at'])
    .where('l.committee_id', '=', c.id)
    .orderBy('o.name')
    .execute();
  const members = await db
    .selectFrom('committee_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.name', 'm.role', 'm.appointed_at'])
    .where('m.committee_id', '=', c.id)
    .where('m.ended_at', 'is', null)
    .orderBy('u.name')
    .execute();
  const managing = c.managing_organisation_id ? await getOrganisation(db, c.managing_organisation_id) : undefined;
  // Who else was invited or declined is the managers' business; the others see whom the committee serves.
  const shown = links.filter((l) => manage || l.status === 'active' || canAdminister(actor, l.organisation_id));
  return {
    id: c.id,
    name: c.name,
    managingOrganisationId: c.managing_organisation_id,
    managingOrganisationName: managing?.name ?? null,
    regulationId: c.regulation_id,
    organisations: shown.map((l) => ({
      organisationId: l.organisation_id,
      organisationName: l.name,
      status: l.status as 'invited',
      levelId: l.level_id,
      invitedAt: l.invited_at,
      answeredAt: l.answered_at,
      leftAt: l.left_at,
    })),
    members: members.map((m) => ({ userId: m.user_id, name: m.name, role: m.role as 'member', appointedAt: m.appointed_at })),
    you: {
      manage,
      member: await isMember(db, c.id, actor.userId),
      administer: links.filter((l) => canAdminister(actor, l.organisation_id)).map((l) => l.organisation_id),
    },
    createdAt: c.created_at,
  };
}

export const committeeRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  async function committeeFor(actor: Actor, id: string): Promise<CommitteeRow> {
    const c = await loadCommittee(db, id);
    if (!c || !(await visibleTo(db, actor, c))) throw notFound('The committee');
    return c;
  }

  async function managedCommittee(actor: Actor, id: string): Promise<CommitteeRow> {
    const c = await committeeFor(actor, id);
    if (!mayManage(actor, c)) throw forbidden("Only the committee's managers (administrators of its managing organisation, or of the installation) can do this.");
    return c;
  }

  /** The link of an organisation its own administrator answers for (accept, decline, leave). */
  async function linkFor(actor: Actor, committeeId: string, organisationId: string) {
    const c = await committeeFor(actor, committeeId);
    const link = await db.selectFrom('committee_organisations').selectAll().where('committee_id', '=', c.id).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!link) throw notFound('The invitation');
    return { c, link };
  }

  app.get(
    '/',
    {
      schema: {
        tags: ['committees'],
        summary: 'Shared complaints committees you manage, sit on, or whose invitation or service concerns an organisation you administer',
        response: { 200: z.object({ items: z.array(committeeSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await db.selectFrom('committees').selectAll().orderBy('name').execute();
      const items = [];
      for (const c of rows) if (await visibleTo(db, actor, c)) items.push(await toDto(db, actor, c));
      return { items };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['committees'],
        summary:
          'Create a shared complaints committee: platform administrators (for the installation or an organisation), or an administrator of the organisation that will manage it',
        body: z.object({ name: z.string().trim().min(2).max(200), managingOrganisationId: z.string().min(1).max(64).nullish() }).strict(),
        response: { 201: committeeSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const managing = req.body.managingOrganisationId ?? null;
      if (managing === null && !actor.platformAdmin) throw fieldError('managingOrganisationId', 'name the organisation you administer that manages the committee');
      if (managing !== null) {
        if (!(await getOrganisation(db, managing))) throw fieldError('managingOrganisationId', 'no organisation with this id');
        if (!canAdminister(actor, managing)) throw forbidden('Only administrators of the managing organisation create a committee for it.');
      }
      const now = nowIso();
      const row = { id: newId(), name: req.body.name, managing_organisation_id: managing, regulation_id: null, created_by: actor.userId, created_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('committees').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'committee.created',
          entityType: 'committee',
          entityId: row.id,
          organisationId: managing,
          details: { name: row.name },
        });
      });
      return reply.code(201).send(await toDto(db, actor, row));
    },
  );

  app.get('/:id', { schema: { tags: ['committees'], summary: 'One shared committee', params: idParams, response: { 200: committeeSchema, ...errorResponses } } }, async (req) => {
    const actor = requireActor(req);
    return toDto(db, actor, await committeeFor(actor, req.params.id));
  });

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['committees'],
        summary: "Rename the committee, or name its common regulation (a preset or one of the managing organisation's own), which the served organisations may then adopt",
        params: idParams,
        body: z.object({ name: z.string().trim().min(2).max(200).optional(), regulationId: z.string().min(1).max(100).nullish() }).strict(),
        response: { 200: committeeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await managedCommittee(actor, req.params.id);
      const b = req.body;
      if (b.regulationId) {
        const found = await getRegulation(db, b.regulationId);
        // Only what the committee's managers may share: a preset, or their own organisation's regulation.
        if (!found || (found.organisationId !== null && found.organisationId !== c.managing_organisation_id)) {
          throw fieldError('regulationId', "not a preset nor a regulation of the committee's managing organisation");
        }
      }
      const set = { ...(b.name !== undefined && { name: b.name }), ...(b.regulationId !== undefined && { regulation_id: b.regulationId ?? null }), updated_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('committees').set(set).where('id', '=', c.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'committee.updated',
          entityType: 'committee',
          entityId: c.id,
          organisationId: c.managing_organisation_id,
          details: { fields: Object.keys(b), regulationId: b.regulationId },
        });
      });
      return toDto(db, actor, (await loadCommittee(db, c.id))!);
    },
  );

  app.post(
    '/:id/invitations',
    {
      schema: {
        tags: ['committees'],
        summary: "Invite an organisation (by id or by its public address name) to be served by the committee; its administrator accepts or declines (the committee's managers)",
        params: idParams,
        body: z
          .object({ organisationId: z.string().min(1).max(64).optional(), slug: z.string().min(1).max(60).optional() })
          .strict()
          .refine((b) => (b.organisationId === undefined) !== (b.slug === undefined), { message: 'give organisationId or slug, not both', path: ['organisationId'] }),
        response: { 201: committeeSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await managedCommittee(actor, req.params.id);
      const org = req.body.organisationId
        ? await getOrganisation(db, req.body.organisationId)
        : await db.selectFrom('organisations').selectAll().where('slug', '=', req.body.slug!).executeTakeFirst();
      if (!org) throw fieldError(req.body.organisationId ? 'organisationId' : 'slug', 'no organisation with this id or address name');
      const link = await db.selectFrom('committee_organisations').selectAll().where('committee_id', '=', c.id).where('organisation_id', '=', org.id).executeTakeFirst();
      if (link?.status === 'active') throw conflict('already-served', 'The committee already serves this organisation.');
      if (link?.status === 'invited') throw conflict('already-invited', 'This organisation was already invited.');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        if (link) {
          await trx
            .updateTable('committee_organisations')
            .set({ status: 'invited', level_id: null, invited_by: actor.userId, invited_at: now, answered_by: null, answered_at: null, left_at: null })
            .where('committee_id', '=', c.id)
            .where('organisation_id', '=', org.id)
            .execute();
        } else {
          await trx
            .insertInto('committee_organisations')
            .values({
              committee_id: c.id,
              organisation_id: org.id,
              status: 'invited',
              level_id: null,
              invited_by: actor.userId,
              invited_at: now,
              answered_by: null,
              answered_at: null,
              left_at: null,
            })
            .execute();
        }
        await appendAudit(trx, { actor, ip: req.ip, action: 'committee.invited', entityType: 'committee', entityId: c.id, organisationId: org.id, details: { committee: c.name } });
      });
      return reply.code(201).send(await toDto(db, actor, c));
    },
  );

  app.post(
    '/:id/organisations/:organisationId/accept',
    {
      schema: {
        tags: ['committees'],
        summary:
          "Accept the committee's invitation for your organisation (its administrators), naming the level of your regulation the committee handles; from then on cases reaching that level are referred to it",
        params: orgParams,
        body: z.object({ levelId: z.string().min(1).max(100) }).strict(),
        response: { 200: committeeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, link } = await linkFor(actor, req.params.id, req.params.organisationId);
      if (!canAdminister(actor, link.organisation_id)) throw forbidden('Only administrators of this organisation accept for it.');
      if (link.status !== 'invited') throw conflict('not-invited', 'There is no open invitation for this organisation; the committee can invite it again.');
      const org = (await getOrganisation(db, link.organisation_id))!;
      const regulation = (await getRegulation(db, org.regulation_id))?.regulation;
      const level = regulation?.levels.find((l) => l.id === req.body.levelId);
      if (!level) throw fieldError('levelId', `no level '${req.body.levelId}' in the organisation's regulation; levels: ${regulation?.levels.map((l) => l.id).join(', ')}`);
      if (level.handlerRole !== 'committee-member')
        throw fieldError('levelId', `level '${level.id}' is handled by '${level.handlerRole}', not by a committee (handlerRole committee-member)`);
      const other = await db
        .selectFrom('committee_organisations')
        .select('committee_id')
        .where('organisation_id', '=', org.id)
        .where('status', '=', 'active')
        .where('level_id', '=', level.id)
        .executeTakeFirst();
      if (other) throw conflict('level-taken', `Another shared committee already handles level '${level.id}' for this organisation; leave it first.`);
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('committee_organisations')
          .set({ status: 'active', level_id: level.id, answered_by: actor.userId, answered_at: now })
          .where('committee_id', '=', c.id)
          .where('organisation_id', '=', org.id)
          .where('status', '=', 'invited')
          .execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'committee.joined', entityType: 'committee', entityId: c.id, organisationId: org.id, details: { levelId: level.id } });
      });
      return toDto(db, actor, c);
    },
  );

  app.post(
    '/:id/organisations/:organisationId/decline',
    {
      schema: {
        tags: ['committees'],
        summary: "Decline the committee's invitation (the organisation's administrators)",
        params: orgParams,
        response: { 200: committeeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, link } = await linkFor(actor, req.params.id, req.params.organisationId);
      if (!canAdminister(actor, link.organisation_id)) throw forbidden('Only administrators of this organisation decline for it.');
      if (link.status !== 'invited') throw conflict('not-invited', 'There is no open invitation for this organisation.');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('committee_organisations')
          .set({ status: 'declined', answered_by: actor.userId, answered_at: nowIso() })
          .where('committee_id', '=', c.id)
          .where('organisation_id', '=', link.organisation_id)
          .execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'committee.declined', entityType: 'committee', entityId: c.id, organisationId: link.organisation_id });
      });
      return toDto(db, actor, c);
    },
  );

  app.post(
    '/:id/organisations/:organisationId/leave',
    {
      schema: {
        tags: ['committees'],
        summary:
          "End the committee's service to an organisation (its administrators, or the committee's managers); no new cases are referred. Cases referred before stay with the committee while at that level.",
        params: orgParams,
        response: { 200: committeeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, link } = await linkFor(actor, req.params.id, req.params.organisationId);
      if (!canAdminister(actor, link.organisation_id) && !mayManage(actor, c))
        throw forbidden("Only the organisation's administrators or the committee's managers end the service.");
      if (link.status !== 'active') throw conflict('not-served', 'The committee does not serve this organisation.');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('committee_organisations')
          .set({ status: 'left', left_at: now })
          .where('committee_id', '=', c.id)
          .where('organisation_id', '=', link.organisation_id)
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'committee.left',
          entityType: 'committee',
          entityId: c.id,
          organisationId: link.organisation_id,
          details: { levelId: link.level_id },
        });
      });
      return toDto(db, actor, c);
    },
  );

  app.post(
    '/:id/members',
    {
      schema: {
        tags: ['committees'],
        summary: "Appoint a person with an account (by e-mail) to the committee, once for every organisation it serves (the committee's managers)",
        params: idParams,
        body: z.object({ email: z.email(), role: z.enum(['chair', 'member']).default('member') }).strict(),
        response: { 201: committeeSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await managedCommittee(actor, req.params.id);
      const user = await findUserByEmail(db, req.body.email);
      if (user?.active !== 1) throw fieldError('email', 'no active account with this e-mail address: an administrator creates the account first');
      const existing = await db.selectFrom('committee_members').selectAll().where('committee_id', '=', c.id).where('user_id', '=', user.id).executeTakeFirst();
      if (existing && existing.ended_at === null) throw conflict('already-member', 'This person already sits on the committee.');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        if (existing) {
          await trx
            .updateTable('committee_members')
            .set({ role: req.body.role, appointed_by: actor.userId, appointed_at: now, ended_at: null })
            .where('committee_id', '=', c.id)
            .where('user_id', '=', user.id)
            .execute();
        } else {
          await trx
            .insertInto('committee_members')
            .values({ committee_id: c.id, user_id: user.id, role: req.body.role, appointed_by: actor.userId, appointed_at: now, ended_at: null })
            .execute();
        }
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'committee.member-appointed',
          entityType: 'committee',
          entityId: c.id,
          organisationId: c.managing_organisation_id,
          details: { userId: user.id, role: req.body.role },
        });
      });
      return reply.code(201).send(await toDto(db, actor, c));
    },
  );

  app.delete(
    '/:id/members/:userId',
    {
      schema: {
        tags: ['committees'],
        summary: "End a member's appointment (the committee's managers); from then on they see none of its cases",
        params: memberParams,
        response: { 200: committeeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await managedCommittee(actor, req.params.id);
      const res = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('committee_members')
          .set({ ended_at: nowIso() })
          .where('committee_id', '=', c.id)
          .where('user_id', '=', req.params.userId)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 1) {
          await appendAudit(trx, {
            actor,
            ip: req.ip,
            action: 'committee.member-ended',
            entityType: 'committee',
            entityId: c.id,
            organisationId: c.managing_organisation_id,
            details: { userId: req.params.userId },
          });
        }
        return Number(r.numUpdatedRows);
      });
      if (res !== 1) throw notFound('The member');
      return toDto(db, actor, c);
    },
  );
};
