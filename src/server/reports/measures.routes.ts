import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { fieldError, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { addMonths, amsterdamDate, levelBodyOf, MEASURE_STATES, type CaseState } from '../../domain/index.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import type { Actor } from '../auth/roles.ts';
import { ancestorsOf } from '../organisations/organisations.repository.ts';
import type { Kysely } from 'kysely';
import type { DB, MeasuresTable } from '../../db/schema.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const measureOut = z.object({
  id: z.string(),
  organisationId: z.string(),
  caseId: z.string().nullable(),
  caseReference: z.string().nullable(),
  title: z.string(),
  recommendation: z.string().nullable().optional(),
  ownerUserId: z.string().nullable(),
  dueOn: z.string(),
  state: z.enum(MEASURE_STATES),
  evidence: z.string().nullable().optional(),
  doneOn: z.string().nullable(),
  late: z.boolean(),
});

type Access = 'manage' | 'own' | 'read-process';

/** Quality officers, admins and complaints officers manage the register; managers their own measures; oversight reads process data. */
async function accessTo(db: Kysely<DB>, actor: Actor, orgId: string): Promise<Access | null> {
  const roles = actor.memberships.filter((m) => m.organisationId === orgId).map((m) => m.role);
  if (roles.some((r) => r === 'quality-officer' || r === 'admin' || r === 'complaints-officer')) return 'manage';
  if (roles.includes('manager')) return 'own';
  if (roles.includes('oversight') || actor.platformAdmin) return 'read-process';
  const above = await ancestorsOf(db, orgId);
  if (actor.memberships.some((m) => above.includes(m.organisationId) && m.role === 'oversight')) return 'read-process';
  // Other roles of the organisation know it exists but have no part in the register.
  if (roles.length > 0) throw forbidden('The measures register is for quality officers, complaints officers, managers and admins.');
  return null;
}

/** References of the cases measures came from, for showing instead of ids. */
async function referencesOf(db: Kysely<DB>, rows: MeasuresTable[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((m) => m.case_id).filter((x): x is string => x !== null))];
  if (ids.length === 0) return new Map();
  const cases = await db.selectFrom('cases').select(['id', 'reference']).where('id', 'in', ids).execute();
  return new Map(cases.map((c) => [c.id, c.reference]));
}

function toOut(m: MeasuresTable, today: string, content: boolean, refs: Map<string, string>) {
  return {
    id: m.id,
    organisationId: m.organisation_id,
    caseId: content ? m.case_id : null,
    caseReference: content && m.case_id ? (refs.get(m.case_id) ?? null) : null,
    title: m.title,
    ...(content && { recommendation: m.recommendation, evidence: m.evidence }),
    ownerUserId: m.owner_user_id,
    dueOn: m.due_on,
    state: m.state as (typeof MEASURE_STATES)[number],
    doneOn: m.done_on,
    late: (m.state === 'planned' || m.state === 'in-progress') && m.due_on < today,
  };
}

/**
 * The register of improvement measures that follow from recommendations,
 * each with an owner, a due date, a state and evidence [001 §9.IV–V, 002 §9.4, 004 §9].
 */
export const measureRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/',
    {
      schema: {
        tags: ['measures'],
        summary: "An organisation's measures (the quality officer's view); late=true for those past their due date",
        querystring: z.object({ organisationId: z.string().min(1).max(64), state: z.enum(MEASURE_STATES).optional(), late: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(measureOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const access = await accessTo(db, actor, req.query.organisationId);
      if (!access) throw notFound('The organisation');
      const today = amsterdamDate(new Date());
      let q = db.selectFrom('measures').selectAll().where('organisation_id', '=', req.query.organisationId).orderBy('due_on');
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.late === 'true') q = q.where('state', 'in', ['planned', 'in-progress']).where('due_on', '<', today);
      if (access === 'own') q = q.where('owner_user_id', '=', actor.userId);
      const rows = await q.execute();
      const refs = await referencesOf(db, rows);
      return { items: rows.map((m) => toOut(m, today, access !== 'read-process', refs)) };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['measures'],
        summary: 'Register a measure, from a recommendation of a case or on its own',
        body: z
          .object({
            organisationId: z.string().min(1).max(64),
            caseId: z.string().min(1).max(64).optional(),
            title: z.string().trim().min(3).max(300),
            recommendation: z.string().trim().max(5000).optional(),
            ownerUserId: z.string().min(1).max(64),
            dueOn: isoDate,
          })
          .strict(),
        response: { 201: measureOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      const access = await accessTo(db, actor, b.organisationId);
      if (!access) throw notFound('The organisation');
      if (access !== 'manage') throw forbidden('Only quality officers, complaints officers and admins register measures.');
      if (b.caseId && !(await db.selectFrom('cases').select('id').where('id', '=', b.caseId).where('organisation_id', '=', b.organisationId).executeTakeFirst())) {
        throw fieldError('caseId', 'no case with this id in the organisation');
      }
      if (!(await db.selectFrom('memberships').select('user_id').where('user_id', '=', b.ownerUserId).where('organisation_id', '=', b.organisationId).executeTakeFirst())) {
        throw fieldError('ownerUserId', 'the owner must work for the organisation');
      }
      const now = nowIso();
      const row: MeasuresTable = {
        id: newId(),
        organisation_id: b.organisationId,
        case_id: b.caseId ?? null,
        title: b.title,
        recommendation: b.recommendation ?? null,
        owner_user_id: b.ownerUserId,
        due_on: b.dueOn,
        state: 'planned',
        evidence: null,
        done_on: null,
        reminded_at: null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('measures').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'measure.created',
          entityType: 'measure',
          entityId: row.id,
          organisationId: b.organisationId,
          details: { caseId: row.case_id },
        });
      });
      return reply.code(201).send(toOut(row, amsterdamDate(new Date()), true, await referencesOf(db, [row])));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['measures'],
        summary: 'Follow a measure up: state, evidence (required when done), due date, owner',
        params: idParams,
        body: z
          .object({
            state: z.enum(MEASURE_STATES),
            evidence: z.string().trim().min(3).max(5000),
            dueOn: isoDate,
            ownerUserId: z.string().min(1).max(64),
            title: z.string().trim().min(3).max(300),
          })
          .partial()
          .strict(),
        response: { 200: measureOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const m = await db.selectFrom('measures').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      const access = m ? await accessTo(db, actor, m.organisation_id) : null;
      if (!m || !access) throw notFound('The measure');
      if (access === 'read-process' || (access === 'own' && m.owner_user_id !== actor.userId)) throw forbidden('You cannot change this measure.');
      const b = req.body;
      if (b.state === 'done' && !(b.evidence ?? m.evidence)) throw fieldError('evidence', 'say what was done (evidence) before marking the measure done');
      if (
        b.ownerUserId &&
        !(await db.selectFrom('memberships').select('user_id').where('user_id', '=', b.ownerUserId).where('organisation_id', '=', m.organisation_id).executeTakeFirst())
      ) {
        throw fieldError('ownerUserId', 'the owner must work for the organisation');
      }
      const today = amsterdamDate(new Date());
      const set = {
        ...(b.state !== undefined && { state: b.state, done_on: b.state === 'done' ? today : null }),
        ...(b.evidence !== undefined && { evidence: b.evidence }),
        ...(b.dueOn !== undefined && { due_on: b.dueOn, reminded_at: null }),
        ...(b.ownerUserId !== undefined && { owner_user_id: b.ownerUserId }),
        ...(b.title !== undefined && { title: b.title }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('measures').set(set).where('id', '=', m.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'measure.updated',
          entityType: 'measure',
          entityId: m.id,
          organisationId: m.organisation_id,
          details: { fields: Object.keys(b) },
        });
      });
      const fresh = await db.selectFrom('measures').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
      return toOut(fresh, today, true, await referencesOf(db, [fresh]));
    },
  );

  app.get(
    '/statements',
    {
      schema: {
        tags: ['measures'],
        summary:
          "Under the Jeugdwet the organisation states its measures within one month of a complaints committee's opinion (Jeugdwet 4.2.1): each opinion, its due date, and whether measures were registered in time",
        querystring: z.object({ organisationId: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ caseId: z.string(), reference: z.string(), opinionOn: z.string(), dueOn: z.string(), stated: z.boolean(), late: z.boolean(), source: z.string() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const access = await accessTo(db, actor, req.query.organisationId);
      if (!access) throw notFound('The organisation');
      const today = amsterdamDate(new Date());
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'reference', 'regulation_id', 'regulation_version', 'state'])
        .where('organisation_id', '=', req.query.organisationId)
        .where('destroyed_at', 'is', null)
        .where('id', 'in', db.selectFrom('case_events').select('case_id').where('type', '=', 'decided'))
        .execute();
      const items = [];
      for (const c of rows) {
        const reg = (await getRegulation(db, c.regulation_id, c.regulation_version))?.regulation;
        if (!reg?.regimes.some((r) => r.law === 'jeugdwet')) continue;
        const state = JSON.parse(c.state) as CaseState;
        let level = state.startLevel;
        for (const e of state.events) {
          if (e.type === 'escalated') level = e.toLevel;
          if (e.type !== 'decided' || levelBodyOf(reg, level) !== 'committee') continue;
          const dueOn = addMonths(e.on, 1);
          const measure = await db.selectFrom('measures').select('created_at').where('case_id', '=', c.id).orderBy('created_at').executeTakeFirst();
          const statedOn = measure ? amsterdamDate(measure.created_at) : null;
          items.push({
            caseId: c.id,
            reference: c.reference,
            opinionOn: e.on,
            dueOn,
            stated: statedOn !== null,
            late: statedOn ? statedOn > dueOn : today > dueOn,
            source: 'Jeugdwet 4.2.1',
          });
        }
      }
      return { items };
    },
  );
};
