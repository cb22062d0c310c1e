import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { forbidden, notFound, conflict } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { canAdminister } from '../auth/roles.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { recordRead } from '../../core/audit/read-audit.ts';

const failedOut = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  reference: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  failedAt: z.string().nullable(),
});

/** Mail that could not be delivered, for the administrators of its organisation, who can send it again. */
export const mailRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/failed',
    {
      schema: {
        tags: ['mail'],
        summary: 'Mail of an organisation that could not be delivered after every attempt (its administrators)',
        querystring: z.object({ organisationId: z.string().min(1).max(64) }),
        response: { 200: z.object({ items: z.array(failedOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, req.query.organisationId)) throw forbidden('Only administrators of this organisation see its failed mail.');
      const rows = await db
        .selectFrom('outbox as o')
        .leftJoin('cases as c', 'c.id', 'o.case_id')
        .select(['o.id', 'o.case_id', 'c.reference', 'o.to_address', 'o.subject', 'o.attempts', 'o.last_error', 'o.failed_at'])
        .where('o.organisation_id', '=', req.query.organisationId)
        .where('o.status', '=', 'failed')
        .orderBy('o.failed_at', 'desc')
        .limit(200)
        .execute();
      await recordRead(deps, { actor, ip: req.ip, action: 'mail.failed-read', organisationId: req.query.organisationId, details: { count: rows.length } });
      return {
        items: rows.map((r) => ({
          id: r.id,
          caseId: r.case_id,
          reference: r.reference,
          to: r.to_address,
          subject: r.subject,
          attempts: r.attempts,
          error: r.last_error,
          failedAt: r.failed_at,
        })),
      };
    },
  );

  app.post(
    '/:id/retry',
    {
      schema: {
        tags: ['mail'],
        summary: 'Send a failed mail again (after the address or the mail server was put right)',
        params: idParams,
        response: { 200: failedOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!row?.organisation_id || !canAdminister(actor, row.organisation_id)) throw notFound('The mail');
      if (row.status !== 'failed') throw conflict('mail-not-failed', 'Only a mail that failed can be sent again.');
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ status: 'pending', attempts: 0, next_attempt_at: now, failed_at: null, claimed_by: null, claimed_until: null })
          .where('id', '=', row.id)
          .where('status', '=', 'failed')
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'mail.retried',
          entityType: 'mail',
          entityId: row.id,
          organisationId: row.organisation_id,
          ...(row.case_id && { details: { caseId: row.case_id } }),
        });
      });
      const c = row.case_id ? await db.selectFrom('cases').select('reference').where('id', '=', row.case_id).executeTakeFirst() : undefined;
      return { id: row.id, caseId: row.case_id, reference: c?.reference ?? null, to: row.to_address, subject: row.subject, attempts: 0, error: row.last_error, failedAt: null };
    },
  );
};
