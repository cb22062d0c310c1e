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
        response: { 200: z.object({ status: z.literal('ok'), database: z.string() }), 503: errorSchema },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const, database: deps.dialect };
      } catch {
        return reply.code(503).send({ error: { code: 'database-unavailable', message: 'The database does not answer.' } });
      }
    },
  );
};
