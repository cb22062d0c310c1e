import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../context.ts';
import { notFound } from '../errors.ts';
import { errorResponses } from '../schemas.ts';
import { getRegulation, listRegulations } from './regulations.service.ts';

const summarySchema = z.object({ id: z.string(), name: z.string(), version: z.number().int(), organisationId: z.string().nullable() });

/**
 * Presets are public (the citizen's form shows the regulation's kinds and
 * categories); an organisation's own copy is visible to its members.
 */
export const regulationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/',
    { schema: { tags: ['regulations'], summary: 'Regulations: the presets, and the own copies of your organisations', response: { 200: z.array(summarySchema), ...errorResponses } } },
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
        response: { 200: z.looseObject({ id: z.string(), name: z.string(), version: z.number(), levels: z.array(z.looseObject({ id: z.string(), name: z.string() })), categories: z.array(z.looseObject({ id: z.string(), name: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => {
      const found = await getRegulation(db, req.params.id, req.query.version);
      const actor = req.actor;
      const visible =
        found && (found.organisationId === null || actor?.platformAdmin || actor?.memberships.some((m) => m.organisationId === found.organisationId));
      if (!found || !visible) throw notFound('The regulation');
      return found.regulation;
    },
  );
};
