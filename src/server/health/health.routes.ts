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
        return { status: 'ok' as const, database: deps.dialect, mail: { pending: Number(mail.pending), failing: Number(mail.failing ?? 0) } };
      } catch {
        return reply.code(503).send({ error: { code: 'database-unavailable', message: 'The database does not answer.' } });
      }
    },
  );
};
