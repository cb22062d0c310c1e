import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { requireActor, type Deps } from '../context.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { errorResponses } from '../schemas.ts';
import { nowIso } from '../../core/ids.ts';
import { publishedCell, reportPeriod, reportToCsv, suppress, type Report } from '../../domain/index.ts';
import { renderReportPdf } from '../../reports/report.pdf.ts';
import { canReport, halfYearDueDates, reportFor, reportScope } from './reports.service.ts';
import { recordRead } from '../../core/audit/read-audit.ts';

const common = {
  organisationId: z.string().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  format: z.enum(['json', 'pdf', 'csv']).default('json'),
  includeProviders: z.enum(['true', 'false']).default('false').describe('a municipality: also the providers it oversees, with a table per provider'),
};

async function send(reply: FastifyReply, report: Report, format: 'json' | 'pdf' | 'csv', title: string, file: string) {
  if (format === 'csv') {
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(reportToCsv(report));
  }
  if (format === 'pdf') {
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${file}.pdf"`)
      .send(await renderReportPdf(report, title));
  }
  return reply.send(report);
}

/**
 * Annual and half-year reports [000 §4, 001 art. 11.1, 002 §9.5, 004 §7]:
 * anonymous by construction (the domain builds them from process data and
 * suppresses counts of 1–4 and what would reveal them).
 */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;
  // Off the request thread when the server has a report worker (main.ts), inline otherwise.
  const runReport = (ids: string[], period: ReturnType<typeof reportPeriod>, withProviders: boolean) =>
    deps.reports ? deps.reports.run(ids, period, withProviders) : reportFor(db, ids, period, withProviders);

  async function build(req: { actor: unknown; ip: string }, organisationId: string, year: number, half: 1 | 2 | undefined, includeProviders: boolean) {
    const actor = requireActor(req as never);
    const org = await db.selectFrom('organisations').select(['id', 'name', 'slug']).where('id', '=', organisationId).executeTakeFirst();
    if (!org || !(await canReport(db, actor, org.id))) throw notFound('The organisation');
    const scope = await reportScope(db, org.id, includeProviders);
    const report = await runReport(scope, reportPeriod(year, half), includeProviders);
    await recordRead(deps, {
      actor,
      ip: req.ip,
      action: 'report.read',
      entityType: 'organisation',
      entityId: org.id,
      organisationId: org.id,
      details: { year, half: half ?? null, includeProviders },
    });
    return { org, report };
  }

  app.get(
    '/annual',
    { schema: { tags: ['reports'], summary: 'Annual report (JSON, PDF with charts, or CSV)', querystring: z.object(common), response: { 200: z.any(), ...errorResponses } } },
    async (req, reply) => {
      const q = req.query;
      const { org, report } = await build(req, q.organisationId, q.year, undefined, q.includeProviders === 'true');
      return send(reply, report, q.format, `Jaarverslag klachten ${q.year} – ${org.name}`, `jaarverslag-${org.slug}-${q.year}`);
    },
  );

  app.get(
    '/half-year',
    {
      schema: {
        tags: ['reports'],
        summary: 'Half-year report; providers deliver it to the municipality before 1 July and before 1 December [001 art. 11.1]',
        querystring: z.object({ ...common, half: z.coerce.number().int().min(1).max(2) }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const half = q.half as 1 | 2;
      const { org, report } = await build(req, q.organisationId, q.year, half, q.includeProviders === 'true');
      return send(reply, report, q.format, `Halfjaarrapportage klachten ${q.year}-${half} – ${org.name}`, `halfjaar-${org.slug}-${q.year}-${half}`);
    },
  );

  app.post(
    '/annual/publish',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Publish the anonymised annual report: it becomes readable for everyone at /api/v1/public/organisations/{slug}/annual-report?year= (under the Jeugdwet before 1 June, Jeugdwet 4.3.1)',
        body: z.object({ organisationId: z.string().min(1).max(64), year: z.number().int().min(2000).max(2100) }).strict(),
        response: { 201: z.object({ organisationId: z.string(), year: z.number(), publishedAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { organisationId, year } = req.body;
      const roles = actor.memberships.filter((m) => m.organisationId === organisationId).map((m) => m.role);
      if (!roles.some((r) => r === 'admin' || r === 'quality-officer' || r === 'complaints-officer')) throw forbidden('Only the organisation itself publishes its annual report.');
      const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
      if (!org) throw notFound('The organisation');
      const report = await runReport([org.id], reportPeriod(year), false);
      const publishedAt = nowIso();
      await db.transaction().execute(async (trx) => {
        // Half 0 is the annual report; 1 and 2 are the half-year reports to the municipality.
        await trx
          .insertInto('report_deliveries')
          .values({ organisation_id: org.id, year, half: 0, delivered_at: publishedAt, delivered_by: actor.userId, report: JSON.stringify(report) })
          .onConflict((oc) =>
            oc.columns(['organisation_id', 'year', 'half']).doUpdateSet({ delivered_at: publishedAt, delivered_by: actor.userId, report: JSON.stringify(report) }),
          )
          .execute();
        await appendAudit(trx, { actor, ip: req.ip, action: 'report.annual-published', entityType: 'organisation', entityId: org.id, organisationId: org.id, details: { year } });
      });
      return reply.code(201).send({ organisationId: org.id, year, publishedAt });
    },
  );

  app.get(
    '/half-year/deliveries',
    {
      schema: {
        tags: ['reports'],
        summary: 'The half-year reports an organisation delivered to its municipality, with the last days to deliver [001 art. 11.1], and whether the annual report is published',
        querystring: z.object({ organisationId: common.organisationId, year: common.year }),
        response: {
          200: z.object({
            items: z.array(z.object({ half: z.number(), lastDay: z.string().nullable(), deliveredAt: z.string().nullable() })),
            annual: z.object({ publishedAt: z.string().nullable(), publicUrl: z.string() }).describe('the annual report over this year, once published'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const org = await db.selectFrom('organisations').select(['id', 'parent_id', 'slug']).where('id', '=', req.query.organisationId).executeTakeFirst();
      if (!org || !(await canReport(db, actor, org.id))) throw notFound('The organisation');
      const dues = org.parent_id ? await halfYearDueDates(db, org.parent_id, req.query.year) : [];
      const delivered = await db
        .selectFrom('report_deliveries')
        .select(['half', 'delivered_at'])
        .where('organisation_id', '=', org.id)
        .where('year', '=', req.query.year)
        .execute();
      return {
        items: ([1, 2] as const).map((half) => ({
          half,
          lastDay: dues.find((d) => d.half === half)?.lastDay ?? null,
          deliveredAt: delivered.find((d) => d.half === half)?.delivered_at ?? null,
        })),
        annual: {
          publishedAt: delivered.find((d) => d.half === 0)?.delivered_at ?? null,
          publicUrl: `${deps.config.publicUrl}/api/v1/public/organisations/${org.slug}/annual-report?year=${req.query.year}&format=pdf`,
        },
      };
    },
  );

  app.post(
    '/half-year/deliver',
    {
      schema: {
        tags: ['reports'],
        summary: 'A provider delivers its half-year report to the overseeing municipality [001 art. 11.1]; stored as delivered',
        body: z.object({ organisationId: z.string().min(1).max(64), year: z.number().int().min(2000).max(2100), half: z.union([z.literal(1), z.literal(2)]) }).strict(),
        response: { 201: z.object({ organisationId: z.string(), year: z.number(), half: z.number(), deliveredAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { organisationId, year, half } = req.body;
      const roles = actor.memberships.filter((m) => m.organisationId === organisationId).map((m) => m.role);
      if (!roles.some((r) => r === 'admin' || r === 'quality-officer' || r === 'complaints-officer')) throw forbidden('Only the organisation itself delivers its report.');
      const org = await db.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', organisationId).executeTakeFirst();
      if (!org) throw notFound('The organisation');
      if (!org.parent_id) throw forbidden('This organisation has no overseeing municipality to deliver to.');
      const report = await runReport([org.id], reportPeriod(year, half), false);
      const deliveredAt = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('report_deliveries')
          .values({ organisation_id: org.id, year, half, delivered_at: deliveredAt, delivered_by: actor.userId, report: JSON.stringify(report) })
          .onConflict((oc) =>
            oc.columns(['organisation_id', 'year', 'half']).doUpdateSet({ delivered_at: deliveredAt, delivered_by: actor.userId, report: JSON.stringify(report) }),
          )
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'report.half-year-delivered',
          entityType: 'organisation',
          entityId: org.id,
          organisationId: org.id,
          details: { year, half },
        });
      });
      return reply.code(201).send({ organisationId: org.id, year, half, deliveredAt });
    },
  );

  app.get(
    '/trends',
    {
      schema: {
        tags: ['reports'],
        summary: 'Per month of a year: cases received, and deadlines met and missed (by due date); each series suppressed together with its year total',
        querystring: z.object({ organisationId: common.organisationId, year: common.year, includeProviders: common.includeProviders }),
        response: {
          200: z.object({
            year: z.number(),
            months: z.array(
              z.object({
                month: z.string(),
                received: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
                deadlinesMet: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
                deadlinesMissed: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
              }),
            ),
            totals: z.object({
              received: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
              deadlinesMet: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
              deadlinesMissed: z.object({ value: z.number().nullable(), suppressed: z.boolean() }),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const actor = requireActor(req);
      const org = await db.selectFrom('organisations').select('id').where('id', '=', q.organisationId).executeTakeFirst();
      if (!org || !(await canReport(db, actor, org.id))) throw notFound('The organisation');
      const scope = await reportScope(db, org.id, q.includeProviders === 'true');
      const from = `${q.year}-01-01`;
      const to = `${q.year}-12-31`;
      // Counted per month in the database (indexes cases_org_received, case_deadlines_org_due): twelve rows, not a year of cases.
      const month = (col: 'received_on' | 'due') => sql<string>`substr(${sql.ref(col)}, 6, 2)`;
      const received = await db
        .selectFrom('cases')
        .select([month('received_on').as('m'), sql<number | string>`count(*)`.as('n')])
        .where('organisation_id', 'in', scope)
        .where('received_on', '>=', from)
        .where('received_on', '<=', to)
        .groupBy(month('received_on'))
        .execute();
      const deadlines = await db
        .selectFrom('case_deadlines')
        .select([month('due').as('m'), 'status', sql<number | string>`count(*)`.as('n')])
        .where('organisation_id', 'in', scope)
        .where('due', '>=', from)
        .where('due', '<=', to)
        .groupBy([month('due'), 'status'])
        .execute();
      const series = (rows: { m: string; n: number | string }[]) => {
        const values = Array.from({ length: 12 }, (_, m) => rows.filter((r) => Number(r.m) === m + 1).reduce((s, r) => s + Number(r.n), 0));
        values.push(values.reduce((s, v) => s + v, 0));
        // The months add up to the year: hiding one month alone would let the total reveal it.
        const hidden = suppress(values, [{ total: 12, parts: [...Array(12).keys()] }]);
        return values.map((v, i) => publishedCell(v, hidden[i]!));
      };
      const rec = series(received);
      const met = series(deadlines.filter((d) => d.status === 'met'));
      const missed = series(deadlines.filter((d) => d.status === 'missed'));
      await recordRead(deps, { actor, ip: req.ip, action: 'report.read', entityType: 'organisation', entityId: org.id, organisationId: org.id, details: { trends: q.year } });
      return {
        year: q.year,
        months: Array.from({ length: 12 }, (_, m) => ({
          month: `${q.year}-${String(m + 1).padStart(2, '0')}`,
          received: rec[m]!,
          deadlinesMet: met[m]!,
          deadlinesMissed: missed[m]!,
        })),
        totals: { received: rec[12]!, deadlinesMet: met[12]!, deadlinesMissed: missed[12]! },
      };
    },
  );
};
