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
            intake: z
              .object({
                pending: z.number().describe('public filings acknowledged whose case is not written yet (normally 0: they are written within milliseconds)'),
                failing: z.number().describe('of those, filings whose case could not be written: see the log and intake_inbox.last_error'),
              })
              .describe('the intake inbox of the public form'),
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
        // Counted from indexes: in a burst the table holds thousands of plans.
        const count = (failing: boolean) =>
          deps.db
            .selectFrom('intake_inbox')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .$if(failing, (q) => q.where(sql<boolean>`attempts > 0`))
            .executeTakeFirstOrThrow();
        const inbox = { pending: (await count(false)).n, failing: (await count(true)).n };
        const v = await deps.db.selectFrom('audit_verification').select(['checked_at', 'passed_at', 'ok']).where('id', '=', 1).executeTakeFirst();
        return {
          status: 'ok' as const,
          database: deps.dialect,
          mail: { pending: Number(mail.pending), failing: Number(mail.failing ?? 0) },
          intake: { pending: Number(inbox.pending), failing: Number(inbox.failing ?? 0) },
          audit: { verifiedAt: v?.passed_at ?? null, checkedAt: v?.checked_at ?? null, ok: v ? Number(v.ok) === 1 : null },
        };
      } catch {
        return reply.code(503).send({ error: { code: 'database-unavailable', message: 'The database does not answer.' } });
      }
    },
  );
};
