import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Deps } from '../context.ts';
import { conflict, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { canAdminister, type Actor } from '../auth/roles.ts';
import { errorResponses, idParams, optionalText } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { ancestorsOf, getOrganisation, toOrganisationDto, uniqueSlug } from './organisations.repository.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import { isSharedWith } from '../committees/committees.repository.ts';

const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  regulationId: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  address: z.object({ street: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() }),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  branding: z.object({ logo: z.string().nullable(), color: z.string().nullable() }),
  createdAt: z.string(),
});

/** A logo small enough to send with every public page, in a format browsers show safely in an img. */
const logoInput = z
  .string()
  .max(150_000, 'the logo must be smaller than about 100 kB')
  .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+=*$/, 'a PNG, JPEG or SVG image as a data: URI (base64)')
  .nullish();
const colorInput = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f5fa8')
  .nullish();

const addressInput = z
  .object({
    street: optionalText(200),
    postalCode: optionalText(10).refine((v) => v == null || /^[1-9][0-9]{3} ?[A-Za-z]{2}$/.test(v), 'must be a Dutch postal code like 3527 HT'),
    city: optionalText(100),
  })
  .strict();

const orgFields = {
  name: z.string().trim().min(2).max(200),
  regulationId: z.string().min(1).max(100),
  parentId: z.string().min(1).max(64).nullish(),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens')
    .max(60)
    .optional(),
  address: addressInput.optional(),
  email: z.union([z.email(), z.literal('')]).nullish(),
  phone: optionalText(30),
  website: z.union([z.url(), z.literal('')]).nullish(),
  logo: logoInput,
  brandColor: colorInput,
};
const createBody = z.object(orgFields).strict();
const patchBody = z.object(orgFields).partial().strict();

const teamSchema = z.object({ id: z.string(), organisationId: z.string(), name: z.string() });

/** The organisations an administrator of `orgId` named as transfer partners. */
export async function transferPartners(db: Kysely<DB>, orgId: string) {
  const rows = await db
    .selectFrom('transfer_partners as t')
    .innerJoin('organisations as o', 'o.id', 't.partner_id')
    .select(['o.id', 'o.name', 't.created_at'])
    .where('t.organisation_id', '=', orgId)
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, since: r.created_at }));
}

/** An organisation is visible to its members and to the members (e.g. oversight) of the organisations above it. */
async function canSee(db: Kysely<DB>, actor: Actor, orgId: string): Promise<boolean> {
  if (actor.platformAdmin) return true;
  const mine = new Set(actor.memberships.map((m) => m.organisationId));
  if (mine.has(orgId)) return true;
  return (await ancestorsOf(db, orgId)).some((a) => mine.has(a));
}

export const organisationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  /**
   * An organisation runs under a preset, one of its own versions, or a regulation explicitly
   * shared with it (a shared committee's common regulation, issue 9 §2.4); another
   * organisation's own regulation is not theirs to adopt (nor to learn about: same error).
   */
  async function checkRegulation(id: string, organisationId: string | null) {
    const found = await getRegulation(db, id);
    const shared = found !== undefined && found.organisationId !== null && organisationId !== null && (await isSharedWith(db, id, organisationId));
    if (!found || (found.organisationId !== null && found.organisationId !== organisationId && !shared)) {
      throw fieldError('regulationId', `unknown regulation '${id}': choose a preset, one of this organisation's own versions or a regulation shared with it`);
    }
  }

  async function checkParent(childId: string | null, parentId: string) {
    if (!(await getOrganisation(db, parentId))) throw fieldError('parentId', 'no organisation with this id');
    if (childId && (parentId === childId || (await ancestorsOf(db, parentId)).includes(childId))) {
      throw fieldError('parentId', 'an organisation cannot oversee itself or an organisation above it');
    }
  }

  app.get(
    '/',
    { schema: { tags: ['organisations'], summary: 'Organisations you can see', response: { 200: z.object({ items: z.array(orgSchema) }), ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const rows = await db
        .selectFrom('organisations as o')
        .leftJoin('organisations as p', 'p.id', 'o.parent_id')
        .selectAll('o')
        .select('p.name as parent_name')
        .orderBy('o.name')
        .execute();
      if (actor.platformAdmin) return { items: rows.map(toOrganisationDto) };
      const visible = [];
      for (const r of rows) if (await canSee(db, actor, r.id)) visible.push(toOrganisationDto(r));
      return { items: visible };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation (platform admins). parentId names the municipality that oversees it.',
        body: createBody,
        response: { 201: orgSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!actor.platformAdmin) throw forbidden('Only platform administrators create organisations.');
      const b = req.body;
      await checkRegulation(b.regulationId, null);
      if (b.parentId) await checkParent(null, b.parentId);
      if (b.slug && (await db.selectFrom('organisations').select('id').where('slug', '=', b.slug).executeTakeFirst())) {
        throw conflict('slug-taken', `The address name '${b.slug}' is already used by another organisation.`);
      }
      const now = nowIso();
      const row = {
        id: newId(),
        name: b.name,
        slug: b.slug ?? (await uniqueSlug(db, b.name)),
        regulation_id: b.regulationId,
        parent_id: b.parentId ?? null,
        street: b.address?.street ?? null,
        postal_code: b.address?.postalCode ?? null,
        city: b.address?.city ?? null,
        email: b.email || null,
        phone: b.phone ?? null,
        website: b.website || null,
        logo: b.logo ?? null,
        brand_color: b.brandColor?.toLowerCase() ?? null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('organisations').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: row.id,
          organisationId: row.id,
          details: { regulationId: row.regulation_id, parentId: row.parent_id },
        });
      });
      return reply.code(201).send(toOrganisationDto(row));
    },
  );

  app.get('/:id', { schema: { tags: ['organisations'], summary: 'One organisation', params: idParams, response: { 200: orgSchema, ...errorResponses } } }, async (req) => {
    const actor = requireActor(req);
    const row = await getOrganisation(db, req.params.id);
    if (!row || !(await canSee(db, actor, row.id))) throw notFound('The organisation');
    return toOrganisationDto(row);
  });

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Change an organisation (its admins; parentId only platform admins)',
        params: idParams,
        body: patchBody,
        response: { 200: orgSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await getOrganisation(db, req.params.id);
      if (!row || !(await canSee(db, actor, row.id))) throw notFound('The organisation');
      if (!canAdminister(actor, row.id)) throw forbidden('Only administrators of this organisation can change it.');
      const b = req.body;
      if (b.parentId !== undefined && !actor.platformAdmin) throw forbidden('Only platform administrators change which municipality oversees an organisation.');
      if (b.regulationId) await checkRegulation(b.regulationId, row.id);
      if (b.parentId) await checkParent(row.id, b.parentId);
      if (b.slug && b.slug !== row.slug && (await db.selectFrom('organisations').select('id').where('slug', '=', b.slug).executeTakeFirst())) {
        throw conflict('slug-taken', `The address name '${b.slug}' is already used by another organisation.`);
      }
      const set = {
        ...(b.name !== undefined && { name: b.name }),
        ...(b.slug !== undefined && { slug: b.slug }),
        ...(b.regulationId !== undefined && { regulation_id: b.regulationId }),
        ...(b.parentId !== undefined && { parent_id: b.parentId ?? null }),
        ...(b.address?.street !== undefined && { street: b.address.street }),
        ...(b.address?.postalCode !== undefined && { postal_code: b.address.postalCode }),
        ...(b.address?.city !== undefined && { city: b.address.city }),
        ...(b.email !== undefined && { email: b.email || null }),
        ...(b.phone !== undefined && { phone: b.phone }),
        ...(b.website !== undefined && { website: b.website || null }),
        ...(b.logo !== undefined && { logo: b.logo ?? null }),
        ...(b.brandColor !== undefined && { brand_color: b.brandColor?.toLowerCase() ?? null }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('organisations').set(set).where('id', '=', row.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'organisation.updated',
          entityType: 'organisation',
          entityId: row.id,
          organisationId: row.id,
          details: { fields: Object.keys(b) },
        });
      });
      return toOrganisationDto((await getOrganisation(db, row.id))!);
    },
  );

  app.get(
    '/:id/teams',
    { schema: { tags: ['organisations'], summary: 'Teams and departments', params: idParams, response: { 200: z.object({ items: z.array(teamSchema) }), ...errorResponses } } },
    async (req) => {
      const actor = requireActor(req);
      if (!(await getOrganisation(db, req.params.id)) || !(await canSee(db, actor, req.params.id))) throw notFound('The organisation');
      const rows = await db.selectFrom('teams').select(['id', 'organisation_id', 'name']).where('organisation_id', '=', req.params.id).orderBy('name').execute();
      return { items: rows.map((t) => ({ id: t.id, organisationId: t.organisation_id, name: t.name })) };
    },
  );

  app.post(
    '/:id/teams',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Add a team or department',
        params: idParams,
        body: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
        response: { 201: teamSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const org = await getOrganisation(db, req.params.id);
      if (!org || !(await canSee(db, actor, org.id))) throw notFound('The organisation');
      if (!canAdminister(actor, org.id)) throw forbidden('Only administrators of this organisation can add teams.');
      if (await db.selectFrom('teams').select('id').where('organisation_id', '=', org.id).where('name', '=', req.body.name).executeTakeFirst()) {
        throw conflict('team-exists', `A team named '${req.body.name}' already exists.`);
      }
      const team = { id: newId(), organisation_id: org.id, name: req.body.name, created_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('teams').values(team).execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'team.created', entityType: 'team', entityId: team.id, organisationId: org.id });
      });
      return reply.code(201).send({ id: team.id, organisationId: org.id, name: team.name });
    },
  );

  app.get(
    '/:id/members',
    {
      schema: {
        tags: ['organisations'],
        summary: "Colleagues in an organisation (name, roles, team): for assigning a handler or a measure's owner; any member may ask",
        params: idParams,
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()), teamIds: z.array(z.string()) })) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const isMember = actor.platformAdmin || actor.memberships.some((m) => m.organisationId === req.params.id && m.role !== 'oversight');
      if (!isMember || !(await getOrganisation(db, req.params.id))) throw notFound('The organisation');
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.name', 'm.role', 'm.team_id'])
        .where('m.organisation_id', '=', req.params.id)
        .where('u.active', '=', 1)
        .orderBy('u.name')
        .execute();
      const byUser = new Map<string, { id: string; name: string; roles: string[]; teamIds: string[] }>();
      for (const r of rows) {
        const u = byUser.get(r.id) ?? { id: r.id, name: r.name, roles: [], teamIds: [] };
        u.roles.push(r.role);
        if (r.team_id && !u.teamIds.includes(r.team_id)) u.teamIds.push(r.team_id);
        byUser.set(r.id, u);
      }
      return { items: [...byUser.values()] };
    },
  );

  const partnerSchema = z.object({ id: z.string(), name: z.string(), since: z.string() });

  app.get(
    '/:id/transfer-partners',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Organisations that cases of this organisation may be transferred to (with their dossier)',
        params: idParams,
        response: { 200: z.object({ items: z.array(partnerSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const isMember = actor.platformAdmin || actor.memberships.some((m) => m.organisationId === req.params.id && m.role !== 'oversight');
      if (!isMember || !(await getOrganisation(db, req.params.id))) throw notFound('The organisation');
      return { items: await transferPartners(db, req.params.id) };
    },
  );

  app.put(
    '/:id/transfer-partners',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Name the transfer partners (administrators of the organisation); replaces the list',
        params: idParams,
        body: z.object({ partnerIds: z.array(z.string().min(1).max(64)).max(100) }).strict(),
        response: { 200: z.object({ items: z.array(partnerSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const org = await getOrganisation(db, req.params.id);
      if (!org || !(await canSee(db, actor, org.id))) throw notFound('The organisation');
      if (!canAdminister(actor, org.id)) throw forbidden('Only administrators of this organisation name its transfer partners.');
      const ids = [...new Set(req.body.partnerIds)];
      for (const [i, id] of ids.entries()) {
        if (id === org.id) throw fieldError(`partnerIds.${i}`, 'an organisation cannot transfer cases to itself');
        if (!(await getOrganisation(db, id))) throw fieldError(`partnerIds.${i}`, 'no organisation with this id');
      }
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        const before = (await trx.selectFrom('transfer_partners').select('partner_id').where('organisation_id', '=', org.id).execute()).map((r) => r.partner_id);
        const removed = before.filter((id) => !ids.includes(id));
        if (removed.length) await trx.deleteFrom('transfer_partners').where('organisation_id', '=', org.id).where('partner_id', 'in', removed).execute();
        const added = ids.filter((id) => !before.includes(id));
        if (added.length) {
          await trx
            .insertInto('transfer_partners')
            .values(added.map((partner_id) => ({ organisation_id: org.id, partner_id, created_by: actor.userId, created_at: now })))
            .execute();
        }
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'organisation.transfer-partners',
          entityType: 'organisation',
          entityId: org.id,
          organisationId: org.id,
          details: { added, removed },
        });
      });
      return { items: await transferPartners(db, org.id) };
    },
  );
};
