import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { forbidden } from '../../core/errors.ts';
import { canAdminister } from '../auth/roles.ts';
import { errorResponses } from '../schemas.ts';
import { recordRead } from '../../core/audit/read-audit.ts';

const entrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable().describe('the role the actor acted in'),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  organisationId: z.string().nullable(),
  subject: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['audit'],
        summary: 'The append-only audit log, newest first (platform admins: all; organisation admins: their organisation)',
        querystring: z.object({
          organisationId: z.string().min(1).max(64).optional(),
          action: z.string().max(100).optional(),
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { organisationId, action, cursor, limit } = req.query;
      if (!actor.platformAdmin && !(organisationId && canAdminister(actor, organisationId))) {
        throw forbidden('Only administrators read the audit log, for the organisations they administer.');
      }
      // What this node has acknowledged is in the log before it is read (other nodes: within their batch window).
      await deps.readAudit?.flush().catch((err: unknown) => req.log.error({ err }, 'read audit flush before the audit page failed'));
      let q = deps.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (organisationId) q = q.where('organisation_id', '=', organisationId);
      if (action) q = q.where('action', '=', action);
      if (cursor) q = q.where('id', '<', cursor);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      // Reading the trail is itself in the trail (NEN 7513).
      await recordRead(deps, {
        actor,
        ip: req.ip,
        action: 'audit.read',
        organisationId: organisationId ?? null,
        details: { organisationId: organisationId ?? null, action: action ?? null, cursor: cursor ?? null, count: page.length },
      });
      return {
        items: page.map((r) => ({
          id: r.id,
          at: r.at,
          actorUserId: r.actor_user_id,
          actorEmail: r.actor_email,
          actorRole: r.actor_role,
          ip: r.ip,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          organisationId: r.organisation_id,
          subject: r.subject,
        })),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );
};
