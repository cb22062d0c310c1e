import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { fieldError, forbidden, notFound } from '../../core/errors.ts';
import { errorResponses } from '../schemas.ts';
import { canAdminister } from '../auth/roles.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { nowIso } from '../../core/ids.ts';
import { isEnded, type Status } from '../../domain/status.ts';
import { getRegulation, isPresetId } from './regulations.service.ts';
import { recordRead } from '../../core/audit/read-audit.ts';
import { isSharedWith } from '../committees/committees.repository.ts';

/**
 * What the regulation editor needs beside `POST /regulations`: which regulation
 * an organisation is under, its own stored versions, and how many of its cases
 * run under each version (a case keeps the version it started under); and
 * adopting a regulation for new cases. Administrators of the organisation only.
 */
const params = z.object({ organisationId: z.string().min(1).max(64) });

const versionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  basedOn: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable().describe('Name of the person who stored it'),
});

const overviewSchema = z.object({
  organisationId: z.string(),
  current: z.object({ id: z.string(), version: z.number().int(), name: z.string(), preset: z.boolean() }),
  versions: z.array(versionSchema).describe("The organisation's own versions, newest first"),
  cases: z
    .array(z.object({ regulationId: z.string(), version: z.number().int(), name: z.string(), open: z.number().int(), total: z.number().int() }))
    .describe('Cases of the organisation per regulation version'),
});

export const regulationEditorRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  async function organisationFor(req: { params: { organisationId: string } }, actor: ReturnType<typeof requireActor>) {
    const org = await db.selectFrom('organisations').select(['id', 'regulation_id']).where('id', '=', req.params.organisationId).executeTakeFirst();
    // Not an admin of it: the same answer as for no organisation, so ids are not probed.
    if (!org || !canAdminister(actor, org.id)) {
      if (org && actor.memberships.some((m) => m.organisationId === org.id)) throw forbidden('Only administrators of this organisation change its regulation.');
      throw notFound('The organisation');
    }
    return org;
  }

  async function overview(organisationId: string, regulationId: string) {
    const current = await getRegulation(db, regulationId);
    const rows = await db
      .selectFrom('regulations as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select(['r.id', 'r.version', 'r.name', 'r.base_id', 'r.created_at', 'u.name as created_by_name'])
      .where('r.organisation_id', '=', organisationId)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.version', 'desc')
      .execute();
    const counts = await db
      .selectFrom('cases')
      .select((eb) => ['regulation_id', 'regulation_version', 'status', eb.fn.countAll<number | string>().as('n')])
      .where('organisation_id', '=', organisationId)
      .groupBy(['regulation_id', 'regulation_version', 'status'])
      .execute();
    const byVersion = new Map<string, { regulationId: string; version: number; name: string; open: number; total: number }>();
    for (const c of counts) {
      const key = `${c.regulation_id}@${c.regulation_version}`;
      let entry = byVersion.get(key);
      if (!entry) {
        const name = (await getRegulation(db, c.regulation_id, c.regulation_version))?.regulation.name ?? c.regulation_id;
        entry = { regulationId: c.regulation_id, version: c.regulation_version, name, open: 0, total: 0 };
        byVersion.set(key, entry);
      }
      const n = Number(c.n);
      entry.total += n;
      if (!isEnded(c.status as Status)) entry.open += n;
    }
    return {
      organisationId,
      current: {
        id: regulationId,
        version: current?.regulation.version ?? 0,
        name: current?.regulation.name ?? regulationId,
        preset: current?.organisationId === null,
      },
      versions: rows.map((r) => ({ id: r.id, version: r.version, name: r.name, basedOn: r.base_id, createdAt: r.created_at, createdBy: r.created_by_name ?? null })),
      cases: [...byVersion.values()].sort((a, b) => a.regulationId.localeCompare(b.regulationId) || b.version - a.version),
    };
  }

  app.get(
    '/:organisationId/regulation',
    {
      schema: {
        tags: ['regulations'],
        summary: "The organisation's regulation for its administrators: the one in force, its own versions, and its cases per version",
        params,
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const org = await organisationFor(req, actor);
      const result = await overview(org.id, org.regulation_id);
      await recordRead(deps, { actor, ip: req.ip, action: 'regulation.versions-viewed', entityType: 'organisation', entityId: org.id, organisationId: org.id });
      return result;
    },
  );

  app.post(
    '/:organisationId/regulation/adopt',
    {
      schema: {
        tags: ['regulations'],
        summary: 'Put the organisation under a preset or one of its own regulations. New cases start under its newest version; existing cases keep theirs.',
        params,
        body: z.object({ regulationId: z.string().min(1).max(100) }).strict(),
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const org = await organisationFor(req, actor);
      const { regulationId } = req.body;
      const found = await getRegulation(db, regulationId);
      // Only a preset or the organisation's own copy: never another organisation's regulation.
      if (!found || (!isPresetId(regulationId) && found.organisationId !== org.id && !(await isSharedWith(db, regulationId, org.id)))) {
        throw fieldError('regulationId', 'not a preset nor a regulation of this organisation');
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('organisations').set({ regulation_id: regulationId, updated_at: nowIso() }).where('id', '=', org.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'regulation.adopted',
          entityType: 'organisation',
          entityId: org.id,
          organisationId: org.id,
          details: { from: org.regulation_id, to: regulationId, version: found.regulation.version },
        });
      });
      return overview(org.id, regulationId);
    },
  );
};
