import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../context.ts';
import { errorSchema } from '../schemas.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database check',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.string(),
            mail: z.object({ pending: z.number(), failing: z.number().describe('pending mail that failed 5 times or more: look at SMTP') }),
            audit: z
              .object({
                verifiedAt: z.string().nullable().describe('when verification of the audit chain last passed'),
                checkedAt: z.string().nullable().describe('when it last ran'),
                ok: z.boolean().nullable().describe('the last run found the chain intact (null: never ran)'),
              })
              .describe('the tamper-evident audit trail (npm run audit -- verify)'),
          }),
          503: errorSchema,
        },
      },
    },
    async (_req, reply) => {
      try {
        const mail = await deps.db
          .selectFrom('outbox')
          .select([(eb) => eb.fn.countAll<number | string>().as('pending'), sql<number | string | null>`sum(case when attempts >= 5 then 1 else 0 end)`.as('failing')])
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow();
        const v = await deps.db.selectFrom('audit_verification').select(['checked_at', 'passed_at', 'ok']).where('id', '=', 1).executeTakeFirst();
        return {
          status: 'ok' as const,
          database: deps.dialect,
          mail: { pending: Number(mail.pending), failing: Number(mail.failing ?? 0) },
          audit: { verifiedAt: v?.passed_at ?? null, checkedAt: v?.checked_at ?? null, ok: v ? Number(v.ok) === 1 : null },
        };
      } catch {
        return reply.code(503).send({ error: { code: 'database-unavailable', message: 'The database does not answer.' } });
      }
    },
  );
};
