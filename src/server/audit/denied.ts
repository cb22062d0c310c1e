import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../context.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';

/**
 * An onSend hook for the case and dossier routes: a signed-in caller who is
 * refused (403) or shown nothing (404) is logged as 'access.denied' (NEN 7513:
 * refused attempts are part of the trail), with the case and route asked for.
 */
export function auditDeniedAccess(deps: Deps) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    if ((status !== 403 && status !== 404) || !req.actor) return payload;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const caseId = typeof params.id === 'string' ? params.id.slice(0, 64) : undefined;
    try {
      const c = caseId ? await deps.db.selectFrom('cases').select('organisation_id').where('id', '=', caseId).executeTakeFirst() : undefined;
      await appendAudit(deps.db, {
        actor: req.actor,
        ip: req.ip,
        action: 'access.denied',
        entityType: caseId ? 'case' : undefined,
        entityId: caseId,
        organisationId: c?.organisation_id ?? null,
        details: { method: req.method, route: req.routeOptions.url ?? null, status, ...(typeof params.documentId === 'string' && { documentId: params.documentId.slice(0, 64) }) },
      });
    } catch (err) {
      req.log.error({ err }, 'could not audit a denied access');
    }
    return payload;
  };
}
