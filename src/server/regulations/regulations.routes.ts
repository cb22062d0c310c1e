import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { errorResponses } from '../schemas.ts';
import { canAdminister } from '../auth/roles.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { checkRegulation } from '../../domain/index.ts';
import { nowIso } from '../../core/ids.ts';
import { getRegulation, isPresetId, listRegulations } from './regulations.service.ts';
import { committeeMayReadRegulation } from '../committees/committees.repository.ts';

const summarySchema = z.object({ id: z.string(), name: z.string(), version: z.number().int(), organisationId: z.string().nullable() });

/**
 * Presets are public (the citizen's form shows the regulation's kinds and
 * categories); an organisation's own copy is visible to its members.
 */
export const regulationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/',
    {
      schema: {
        tags: ['regulations'],
        summary: 'Regulations: the presets, and the own copies of your organisations',
        response: { 200: z.array(summarySchema), ...errorResponses },
      },
    },
    async (req) => {
      const actor = req.actor;
      const scope = actor?.platformAdmin ? 'all' : (actor?.memberships.map((m) => m.organisationId) ?? []);
      return listRegulations(db, scope);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['regulations'],
        summary: 'The whole regulation (latest version, or ?version=N), with levels in escalation order and categories',
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: {
          200: z.looseObject({
            id: z.string(),
            name: z.string(),
            version: z.number(),
            levels: z.array(z.looseObject({ id: z.string(), name: z.string() })),
            categories: z.array(z.looseObject({ id: z.string(), name: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const found = await getRegulation(db, req.params.id, req.query.version);
      const actor = req.actor;
      const visible =
        found &&
        (found.organisationId === null ||
          actor?.platformAdmin ||
          actor?.memberships.some((m) => m.organisationId === found.organisationId) ||
          (actor &&
            (await committeeMayReadRegulation(
              db,
              actor.userId,
              actor.memberships.map((m) => m.organisationId),
              req.params.id,
              found.organisationId,
            ))));
      if (!found || !visible) throw notFound('The regulation');
      return found.regulation;
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['regulations'],
        summary:
          "Store an organisation's own regulation (a changed copy of a preset) as a new version; adopt: true puts the organisation under it. Cases keep the version they started under.",
        body: z
          .object({
            organisationId: z.string().min(1).max(64),
            regulation: z.record(z.string(), z.unknown()),
            basedOn: z.string().min(1).max(100).optional().describe('the preset or regulation this copy started from'),
            adopt: z.boolean().default(false),
          })
          .strict(),
        response: {
          201: summarySchema.extend({ warnings: z.array(z.object({ path: z.string(), message: z.string() })) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { organisationId, adopt } = req.body;
      const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
      if (!org) throw fieldError('organisationId', 'no organisation with this id');
      if (!canAdminister(actor, organisationId)) throw forbidden('Only administrators of this organisation change its regulation.');
      const rawId = req.body.regulation.id;
      if (typeof rawId === 'string' && isPresetId(rawId)) {
        throw fieldError('regulation.id', `'${rawId}' is a preset that ships with the product; give your own copy its own id`);
      }
      const existing =
        typeof rawId === 'string'
          ? await db.selectFrom('regulations').select(['organisation_id', 'version']).where('id', '=', rawId).orderBy('version', 'desc').executeTakeFirst()
          : undefined;
      if (existing && existing.organisation_id !== organisationId) throw conflict('regulation-id-taken', `The id '${rawId}' belongs to another organisation's regulation.`);
      const version = (existing?.version ?? 0) + 1;
      const checked = checkRegulation({ ...req.body.regulation, version });
      if (!checked.regulation) {
        const details = checked.errors.map((e) => ({ path: `regulation.${e.path}`, message: e.message }));
        throw new AppError(400, 'invalid-input', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
      }
      const reg = checked.regulation;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('regulations')
          .values({
            id: reg.id,
            version,
            organisation_id: organisationId,
            base_id: req.body.basedOn ?? reg.id,
            name: reg.name,
            data: JSON.stringify(reg),
            created_at: nowIso(),
            created_by: actor.userId,
          })
          .execute();
        if (adopt) await trx.updateTable('organisations').set({ regulation_id: reg.id, updated_at: nowIso() }).where('id', '=', organisationId).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'regulation.version-stored',
          entityType: 'regulation',
          entityId: `${reg.id}@${version}`,
          organisationId,
          details: { adopt, version },
        });
      });
      return reply.code(201).send({ id: reg.id, name: reg.name, version, organisationId, warnings: checked.warnings });
    },
  );
};
