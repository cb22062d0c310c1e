import { z } from 'zod';
import { sql, type Expression, type Kysely, type KyselyPlugin, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { IndexedBy } from '../../db/indexed-by.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, type Deps } from '../context.ts';
import { fieldError, forbidden } from '../../core/errors.ts';
import { auditDeniedAccess } from '../audit/denied.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { amsterdamDate } from '../../domain/calendar.ts';
import { STATUS_IDS } from '../../domain/status.ts';
import { CASE_KINDS, CATEGORY_IDS } from '../../domain/regulation.schema.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { nowIso } from '../../core/ids.ts';
import { accessTo, coordinatedLevels, DECISIVE_EVENTS, listableOrganisations, REGISTERING_ROLES, type CaseAccess } from './cases.access.ts';
import { hasRole } from '../auth/roles.ts';
import { caseOut, respondentInput, staffIntakeBody } from './cases.schemas.ts';
import {
  addRespondent,
  intake,
  loadCase,
  loadDetail,
  notFoundCase,
  recordEvent,
  refusalError,
  regulationOfCase,
  toCaseOut,
  type CaseRow,
  type LetterProducer,
} from './cases.service.ts';
import { applyEvent, handlerAt } from '../../domain/lifecycle.ts';
import { prefixSearch, scopedMatch, wordStarts, type PrefixSearch } from '../../domain/search.ts';
import type { CaseState } from '../../domain/case.ts';
import { letterContent, letterText } from '../../letters/index.ts';
import { planLetters } from '../letters/letters.service.ts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/roles.ts';
import { languageOf } from '../language.ts';
import { recordRead } from '../../core/audit/read-audit.ts';
import { organisationsReferringTo, referredCaseIds } from '../committees/committees.repository.ts';
import { namedStatement } from '../../db/pg-named.ts';

const listItem = z.object({
  id: z.string(),
  reference: z.string(),
  organisationId: z.string(),
  kind: z.string(),
  level: z.string(),
  status: z.string(),
  receivedOn: z.string(),
  categories: z.array(z.string()),
  nextDue: z.string().nullable(),
  overdue: z.boolean(),
  handlerUserId: z.string().nullable(),
  teamId: z.string().nullable(),
  /** Only for the handling side; absent in the process view. */
  complainantName: z.string().nullable().optional(),
});

export interface CaseRouteOptions {
  deps: Deps;
  produceLetters: LetterProducer;
}

/** Loads a case the caller may see (404 otherwise: other organisations see nothing) and audits the read. */
export async function caseFor(deps: Deps, req: FastifyRequest, id: string, audit: 'read' | false = 'read'): Promise<{ c: CaseRow; access: CaseAccess }> {
  const actor = requireActor(req);
  const c = await loadCase(deps.db, id);
  if (!c) throw notFoundCase();
  const regulation = await regulationOfCase(deps.db, c);
  const handler = handlerAt(regulation, JSON.parse(c.state) as CaseState);
  const advises = regulation.levels.find((l) => l.id === c.level)?.gives === 'advice';
  const access = await accessTo(deps.db, actor, c, handler && { handlerRole: handler.role, strict: handler.moved, coordinatorRole: handler.coordinatorRole, advises });
  if (!access) throw notFoundCase();
  if (audit) {
    await recordRead(deps, {
      actor,
      ip: req.ip,
      action: 'case.read',
      entityType: 'case',
      entityId: c.id,
      organisationId: c.organisation_id,
      details: { view: access.view },
      ...(access.committee && { actorRole: 'committee-member' }),
    });
  }
  return { c, access };
}

/**
 * One organisation's open cases newest first, read from their partial index. With sampled statistics
 * (`analysis_limit`) SQLite took cases_org_id instead and read every closed case on the way: overdue=true
 * took 28 ms at 1M cases, 2 ms from the partial index. Only for a query with `organisation_id = ?` and
 * `closed_at is null` in its where (SQLite refuses an INDEXED BY the index cannot serve).
 */
export function openCasesFirst<Q extends { withPlugin(plugin: KyselyPlugin): Q }>(q: Q, dialect: Dialect): Q {
  return dialect === 'sqlite' ? q.withPlugin(new IndexedBy('cases', 'cases_open_org_id')) : q;
}

/**
 * A page of overdue cases, newest first, from `q` (the list with its filters, overdue included,
 * ordered by id descending, limited to `want`). next_due < today changes with the date, so no index
 * holds just the overdue cases; reading the open cases newest first skipped every case not yet due
 * (21,000 in the largest organisation at 1M cases: 45 ms p95 at 16 concurrent). The deadline
 * monitor marks a case once its next_due has passed (overdue_marked, migration 905): the marked ones
 * are read newest first from their partial index, the passed but not yet marked ones (since the
 * monitor's last run) by due date from theirs, and the two merged. Both keep the test on next_due,
 * so a stale mark costs a skipped index entry, never a wrong answer.
 */
export async function overduePage<
  R extends { id: string },
  Q extends { where(e: Expression<SqlBool>): Q; withPlugin(p: KyselyPlugin): Q; clearOrderBy(): Q; orderBy(e: Expression<unknown>, d: 'desc'): Q; execute(): Promise<R[]> },
>(q: Q, today: string, oneOrganisation: boolean, want: number, dialect: Dialect): Promise<R[]> {
  // Literal conditions: SQLite uses a partial index only where the query names its condition as written.
  let marked = q.where(sql<SqlBool>`overdue_marked = 1`);
  // The unmarked ones by due date: the range on next_due (q tests it as an expression, which no index serves).
  let unmarked = q.where(sql<SqlBool>`overdue_marked = 0`).where(sql<SqlBool>`next_due < ${today}`);
  if (dialect === 'sqlite' && oneOrganisation) {
    marked = marked.withPlugin(new IndexedBy('cases', 'cases_overdue_org_id'));
    unmarked = unmarked.withPlugin(new IndexedBy('cases', 'cases_unmarked_due'));
  }
  // PostgreSQL would read the open cases newest first for this part too, expecting a page soon,
  // where there are few or none: ordered by an expression no index holds, it takes the range and sorts.
  if (dialect === 'postgres') unmarked = unmarked.clearOrderBy().orderBy(sql`${sql.ref('id')} || ''`, 'desc');
  const [a, b] = await Promise.all([marked.execute(), unmarked.execute()]);
  return [...a, ...b].sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0)).slice(0, want);
}

/** Candidates of a search read per query, and how many at most before the search runs as typed. */
const SEARCH_BATCH = 200;
const SEARCH_BOUND = 2000;

/**
 * Up to `want` search hits newest first (past the rowid `after`; the index numbers downwards, migration
 * 911, and `fts` is ordered by rowid), from the cases the kept prefixes
 * find, checked for the whole words in batches until there are enough. Where a kept prefix is common
 * and the word is not, the search as typed finishes after `bound` candidates, so that a page never
 * reads more than that and one merge of the word's lists.
 */
export async function checkedHits<R extends { search_rowid: number }>(
  // biome-ignore lint/suspicious/noExplicitAny: any query that joins case_search and selects its rowid as search_rowid
  fts: SelectQueryBuilder<any, any, R>,
  prefix: PrefixSearch,
  typed: string,
  want: number,
  after: number | undefined,
  batchSize = SEARCH_BATCH,
  bound = SEARCH_BOUND,
): Promise<R[]> {
  const hits: R[] = [];
  let from = after;
  let read = 0;
  // The first batch is about a page: where most candidates hold the word (a common word), reading
  // and checking 200 bodies for 51 hits was most of the page's time. A later batch is what the hits
  // so far say is still needed, with a quarter more; it doubles while there are none.
  let size = Math.min(batchSize, Math.max(8, want + (want >> 2)));
  const holds = wordStarts(prefix.check);
  for (;;) {
    let batch = fts.where(sql<boolean>`case_search match ${prefix.candidates}`).select(sql<string>`case_search.body`.as('search_body')).clearLimit().limit(size);
    if (from !== undefined) batch = batch.where(sql`case_search.rowid`, '>', from);
    const found = await batch.execute();
    // The rows as read, body and all (the page picks its fields): a copy without it per candidate cost more than the check.
    for (const r of found) {
      if (hits.length < want && holds(r.search_body)) hits.push(r as unknown as R);
    }
    read += found.length;
    if (hits.length === want || found.length < size) return hits;
    const needed = hits.length ? Math.ceil((((want - hits.length) * read) / hits.length) * 1.25) : size * 2;
    size = Math.min(batchSize, Math.max(8, needed));
    from = found.at(-1)!.search_rowid;
    if (read >= bound) {
      const rest = await fts
        .where(sql<boolean>`case_search match ${typed}`)
        .where(sql`case_search.rowid`, '>', from)
        .clearLimit()
        .limit(want - hits.length)
        .execute();
      return [...hits, ...rest];
    }
  }
}

/** Where the organisations searched hold at most this share of all cases, the index is asked for their entries only. */
const SCOPED_SHARE = 0.1;
const shares = new WeakMap<object, { at: number; byOrganisation: Map<string, number>; total: number }>();

/**
 * The organisations to ask the search index for, or null to walk every entry and join it to its
 * case (migration 910). Walking newest first, a page of an organisation with a small share of the
 * cases joined every newer entry of the others (105 ms for a common word at 1M cases, 0.5 ms asked
 * by its token); the largest organisation's page is a fifth faster walking. The shares come from
 * the reference counters, read at most once a minute.
 */
export async function searchScope(db: Kysely<DB>, organisationIds: readonly string[]): Promise<string[] | null> {
  if (organisationIds.length === 0 || organisationIds.length > 32) return null;
  let known = shares.get(db);
  if (!known || Date.now() - known.at > 60_000) {
    const rows = await db
      .selectFrom('case_counters')
      .select(['organisation_id', (eb) => eb.fn.sum<number | string>('seq').as('n')])
      .groupBy('organisation_id')
      .execute();
    const byOrganisation = new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
    known = { at: Date.now(), byOrganisation, total: [...byOrganisation.values()].reduce((a, b) => a + b, 0) };
    shares.set(db, known);
  }
  const mine = organisationIds.reduce((a, id) => a + (known.byOrganisation.get(id) ?? 0), 0);
  return known.total > 0 && mine / known.total > SCOPED_SHARE ? null : [...organisationIds];
}

/** FTS5 query from free text: every word a quoted prefix term, so user input cannot inject FTS syntax. */
function ftsQuery(q: string): string {
  return q
    .split(/\s+/)
    .map((w) => w.replace(/["]/g, ''))
    .filter(Boolean)
    .slice(0, 10)
    .map((w) => `"${w}"*`)
    .join(' ');
}

/**
 * One page of a search: the reference match first (asked on the first page only) unless it is also
 * a content hit, then the hits in their order up to `limit`. `hits` holds up to `limit + 1`, so a
 * next page exists when more hits came than the page has room for. Its cursor follows the last hit
 * shown, or comes just before the first when the reference match took the whole page.
 */
function searchPage<R extends { id: string }, H extends R>(
  byReference: R[],
  hits: H[],
  limit: number,
  after: (last: H) => string,
  before: (first: H) => string,
): { rows: R[]; nextCursor: string | null } {
  const refs = byReference.filter((r) => !hits.some((h) => h.id === r.id)).slice(0, limit);
  const room = Math.max(limit - refs.length, 0);
  const shown = hits.slice(0, room);
  const nextCursor = hits.length > room ? (shown.length ? after(shown.at(-1)!) : before(hits[0]!)) : null;
  return { rows: [...refs, ...shown], nextCursor };
}

export const caseRoutes: FastifyPluginAsyncZod<CaseRouteOptions> = async (app, { deps, produceLetters }) => {
  const { db } = deps;
  app.addHook('onSend', auditDeniedAccess(deps));

  app.post(
    '/',
    {
      schema: {
        tags: ['cases'],
        summary: 'Register a case that came by post, phone, e-mail or in person (with its date of receipt)',
        body: staffIntakeBody,
        response: { 201: caseOut.extend({ statusUrl: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!(await db.selectFrom('organisations').select('id').where('id', '=', req.body.organisationId).executeTakeFirst())) {
        throw fieldError('organisationId', 'no organisation with this id');
      }
      // Refused before anything is written: registering is for the handling side, who can
      // then see and follow the case (an employee hands what they received to them).
      if (!hasRole(actor, req.body.organisationId, REGISTERING_ROLES)) {
        throw forbidden('Only complaints officers, managers, quality officers and administrators of this organisation register cases.');
      }
      const now = new Date();
      const { row, statusToken } = await intake(db, req.body, { actor, ip: req.ip, now, produceLetters, publicUrl: deps.config.publicUrl, language: languageOf(req) });
      const { c, access } = await caseFor(deps, req, row.id, false);
      const out = toCaseOut(c, await loadDetail(db, c.id), access, await regulationOfCase(db, c), now);
      return reply.code(201).send({ ...out, statusUrl: `${deps.config.publicUrl}/status/${statusToken}` });
    },
  );

  /** The cases the actor may see: employees and committee members the cases handed to them; the handling roles their organisations'. */
  function visibleCases(actor: Actor, scope: Awaited<ReturnType<typeof listableOrganisations>>, coordinated: { organisationId: string; levels: string[] }[] = [], within?: string) {
    // `within`: one organisation's cases only. Where the actor sees its every case, the alternatives
    // below all hold or add nothing, and SQLite need not test each row. The organisation is named
    // once: a second `organisation_id = ?` made SQLite count it twice and read one team's cases
    // through the whole organisation (28 ms a page at 1M cases, against 0.1 ms).
    let base = db.selectFrom('cases').where('destroyed_at', 'is', null);
    if (within) base = base.where('organisation_id', '=', within);
    if (within && scope.full.includes(within)) return base;
    const memberOrgs = [...new Set(actor.memberships.map((m) => m.organisationId))];
    return base.where((eb) =>
      eb.or([
        eb('organisation_id', 'in', scope.full.length ? scope.full : ['-']),
        eb('organisation_id', 'in', scope.process.length ? scope.process : ['-']),
        eb.and([eb('organisation_id', 'in', scope.own.length ? scope.own : ['-']), eb('handler_user_id', '=', actor.userId)]),
        // The levels the regulation has them coordinate (issue 12).
        ...coordinated.map((x) => eb.and([eb('organisation_id', '=', x.organisationId), eb('level', 'in', x.levels)])),
        // A person's own cases as a party: compliments and complaints about them (respondent view),
        // while they still work for that organisation. Left out where the session says they are no party.
        ...(actor.partyAnywhere === false
          ? []
          : [
              eb.and([
                eb('organisation_id', 'in', memberOrgs.length ? memberOrgs : ['-']),
                eb('id', 'in', db.selectFrom('case_parties').select('case_id').where('user_id', '=', actor.userId)),
              ]),
            ]),
        // Cases referred to a shared committee the actor sits on, while at the referred level (issue 9 §2.4).
        ...(actor.onCommittee === false ? [] : [eb('id', 'in', referredCaseIds(db, actor.userId))]),
      ]),
    );
  }

  app.get(
    '/counts',
    {
      schema: {
        tags: ['cases'],
        summary: 'How many open cases each work-queue view holds: mine, my team, all, unassigned, due within 7 days, overdue',
        response: {
          200: z.object({ mine: z.number().int(), team: z.number().int(), all: z.number().int(), unassigned: z.number().int(), week: z.number().int(), overdue: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const scope = await listableOrganisations(db, actor);
      const today = amsterdamDate(new Date());
      const inAWeek = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      const teams = actor.memberships.map((m) => m.teamId).filter((x): x is string => x !== null);
      const coordinated = await coordinatedLevels(db, actor, scope.own);
      const open = () => visibleCases(actor, scope, coordinated).where('closed_at', 'is', null);
      const count = async (q: ReturnType<typeof open>) => Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      const [mine, team, all, unassigned, week, overdue] = await Promise.all([
        count(open().where('handler_user_id', '=', actor.userId)),
        count(open().where('team_id', 'in', teams.length ? teams : ['-'])),
        count(open()),
        count(open().where('handler_user_id', 'is', null)),
        count(open().where('next_due', '<=', inAWeek)),
        count(open().where('id', 'in', db.selectFrom('case_deadlines').select('case_id').where('done_on', 'is', null).where('status', '!=', 'met').where('due', '<', today))),
      ]);
      await recordRead(deps, { actor, ip: req.ip, action: 'case.counts', details: {} });
      return { mine, team, all, unassigned, week, overdue };
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases you may see, newest first; filter and search; keyset paging with cursor',
        querystring: z.object({
          organisationId: z.string().min(1).max(64).optional(),
          status: z.enum(STATUS_IDS as [string, ...string[]]).optional(),
          kind: z.enum(CASE_KINDS).optional(),
          level: z.string().max(100).optional(),
          category: z.enum(CATEGORY_IDS).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          open: z.enum(['true', 'false']).optional(),
          dueBefore: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
            .optional(),
          assigned: z.enum(['me', 'none']).optional(),
          team: z.string().min(1).max(64).optional().describe("a team id, or 'mine' for the teams of the caller's memberships"),
          q: z.string().trim().max(200).optional(),
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(listItem), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const f = req.query;
      const scope = await listableOrganisations(db, actor);
      // Only an active committee member can have cases referred to them (the session says whether).
      const referring = actor.onCommittee === false ? [] : await organisationsReferringTo(db, actor.userId);
      const visible = [...scope.full, ...scope.own, ...scope.process, ...referring];
      if (f.organisationId && !visible.includes(f.organisationId)) throw forbidden('You cannot see the cases of this organisation.');
      const today = amsterdamDate(new Date());
      let q = visibleCases(actor, scope, await coordinatedLevels(db, actor, scope.own), f.organisationId)
        .select(['id', 'reference', 'organisation_id', 'kind', 'level', 'status', 'received_on', 'categories', 'next_due', 'handler_user_id', 'team_id', 'complainant'])
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.level) q = q.where('level', '=', f.level);
      if (f.category) q = q.where('categories', 'like', `%"${f.category}"%`);
      if (f.open === 'true') q = q.where('closed_at', 'is', null);
      if (f.open === 'false') q = q.where('closed_at', 'is not', null);
      if (f.assigned === 'me') q = q.where('handler_user_id', '=', actor.userId);
      if (f.assigned === 'none') q = q.where('handler_user_id', 'is', null);
      if (f.team) {
        const teams = f.team === 'mine' ? actor.memberships.map((m) => m.teamId).filter((x): x is string => x !== null) : [f.team];
        q = q.where('team_id', 'in', teams.length ? teams : ['-']);
      }
      if (f.dueBefore) q = q.where('next_due', '<=', f.dueBefore).where('closed_at', 'is', null);
      if (f.overdue === 'true') {
        // An open case is overdue when its earliest outstanding deadline has passed: next_due is kept
        // with the deadlines in one transaction, so this is the same as the deadlines' test, and the
        // same as the `overdue` flag of each item. Closed cases are never overdue.
        // Written as an expression so that no planner takes the range on next_due (cases_open_due)
        // for a search: that reads every overdue case and sorts them. A page without search reads
        // the marked and the not yet marked overdue cases apart (overduePage).
        q = q.where('closed_at', 'is', null).where(sql<string>`coalesce(next_due, '9999-12-31')`, '<', today);
      }
      // These filters keep to open cases (closed_at is null above), the condition of cases_open_org_id.
      const openOnly = f.open === 'true' || !!f.dueBefore;
      let rows: Awaited<ReturnType<typeof q.execute>>;
      let nextCursor: string | null = null;
      if (f.q && deps.dialect === 'sqlite') {
        // SQLite walks the full-text index newest first and joins each hit to its case until a page is
        // full: a common word costs a page of hits. Its rowids run downwards with registration
        // (migration 911), so newest first is rowid order, the direction FTS5 reads fastest.
        // `id in (match)` materialised every hit in the database first (264 ms at 100k cases).
        // Such a page's cursor is the position in the index, `s<rowid>`. A word is found by the
        // longest prefix the index keeps within it and checked for the whole word (checkedHits).
        const contentOrgs = [...scope.full, ...scope.own];
        const term = f.q;
        const after = f.cursor ? (/^s-?\d{1,15}$/.test(f.cursor) ? Number(f.cursor.slice(1)) : null) : undefined;
        if (after === null) throw fieldError('cursor', 'not a cursor of this search (expected the nextCursor it returned)');
        const match = ftsQuery(term);
        let hits: ((typeof rows)[number] & { search_rowid: number })[] = [];
        if (match && contentOrgs.length) {
          // The join changes the builder's type, not the columns selected: every other filter stays as built above.
          let fts = (q.clearOrderBy() as unknown as SelectQueryBuilder<DB & { case_search: { case_id: string; rowid: number } }, 'cases', (typeof rows)[number]>)
            .innerJoin('case_search', 'case_search.case_id', 'cases.id')
            .select(sql<number>`case_search.rowid`.as('search_rowid'))
            .where('organisation_id', 'in', contentOrgs)
            .orderBy(sql`case_search.rowid`, 'asc');
          if (after !== undefined) fts = fts.where(sql`case_search.rowid`, '>', after);
          const found = prefixSearch(term);
          // The text only, and the organisations' own entries where they hold a small share (searchScope).
          const scope = await searchScope(db, contentOrgs);
          const prefix = found && { ...found, candidates: scopedMatch(found.candidates, scope) };
          const typed = scopedMatch(match, scope);
          // Without words to check, the kept prefixes (or the search as typed) are the answer.
          if (!prefix?.check.length) hits = (await fts.where(sql<boolean>`case_search match ${prefix?.candidates ?? typed}`).execute()) as typeof hits;
          else hits = await checkedHits(fts, prefix, typed, f.limit + 1, after);
        }
        // Process-only (oversight) callers search by reference alone: one case, on the first page.
        const byReference = after === undefined ? await q.where('reference', '=', term.toUpperCase()).execute() : [];
        ({ rows, nextCursor } = searchPage(
          byReference,
          hits,
          f.limit,
          (h) => `s${h.search_rowid}`,
          (h) => `s${h.search_rowid - 1}`,
        ));
      } else if (f.q) {
        // PostgreSQL: the reference match apart (as on SQLite), and the content match as EXISTS per case
        // in the list's order. `reference = … or id in (match)` made the planner test every case
        // against a materialised list of all hits: 15 s for a common word at 1M cases; this is 21 ms.
        // Search covers content, so process-only (oversight) callers search by reference alone.
        const contentOrgs = [...scope.full, ...scope.own];
        const term = f.q;
        // A reference names at most one case: any generic plan reads it by the reference index, so the
        // statement is named (namedStatement; planning took 0.17 ms, running it 0.02 ms at 100k cases).
        const byReference = f.cursor ? [] : await q.where('reference', '=', term.toUpperCase()).modifyFront(namedStatement).execute();
        let content: typeof byReference = [];
        if (contentOrgs.length) {
          let cq = q.where('organisation_id', 'in', contentOrgs).where((eb) =>
            eb.exists(
              eb
                .selectFrom('case_search')
                .select(sql`1`.as('one'))
                .whereRef('case_search.case_id', '=', 'cases.id')
                // The stored vector (migration 907): built from the text for each case, this test was most of a page's time.
                .where(sql<boolean>`case_search.tsv @@ plainto_tsquery('dutch', ${term})`),
            ),
          );
          if (f.cursor) cq = cq.where('id', '<', f.cursor);
          content = await cq.execute();
        }
        // With no room left on this page, the next one starts just above the newest hit ("~" sorts after
        // every character of an id, and before any later id).
        ({ rows, nextCursor } = searchPage(
          byReference,
          content,
          f.limit,
          (h) => h.id,
          (h) => `${h.id}~`,
        ));
      } else {
        if (f.cursor) q = q.where('id', '<', f.cursor);
        if (f.overdue === 'true') rows = await overduePage(q, today, !!f.organisationId, f.limit + 1, deps.dialect);
        else {
          if (openOnly && f.organisationId) q = openCasesFirst(q, deps.dialect);
          rows = await q.execute();
        }
        if (rows.length > f.limit) nextCursor = rows[f.limit - 1]!.id;
      }
      const page = rows.slice(0, f.limit);
      const contentOrgs = new Set([...scope.full, ...scope.own]);
      // A respondent never sees who complained about them, not even in a list [004 §1].
      const asRespondent = new Set(
        page.length === 0 || actor.partyAnywhere === false
          ? []
          : (
              await db
                .selectFrom('case_parties')
                .select('case_id')
                .where('user_id', '=', actor.userId)
                .where('role', '=', 'respondent')
                .where(
                  'case_id',
                  'in',
                  page.map((r) => r.id),
                )
                .execute()
            ).map((r) => r.case_id),
      );
      // A shared committee's member handles the cases referred to it (issue 9 §2.4). Without an
      // organisation referring to the actor's committees no case is referred to them.
      const referred = new Set(
        page.length === 0 || referring.length === 0
          ? []
          : (
              await referredCaseIds(db, actor.userId)
                .where(
                  'r.case_id',
                  'in',
                  page.map((r) => r.id),
                )
                .execute()
            ).map((r) => r.case_id),
      );
      const showsName = (r: (typeof page)[number]) =>
        !asRespondent.has(r.id) && (scope.full.includes(r.organisation_id) || referred.has(r.id) || (contentOrgs.has(r.organisation_id) && r.handler_user_id === actor.userId));
      await recordRead(deps, {
        actor,
        ip: req.ip,
        action: 'case.list',
        details: { count: page.length, caseIds: page.map((r) => r.id), filters: Object.keys(f).filter((k) => k !== 'limit') },
      });
      return {
        items: page.map((r) => ({
          id: r.id,
          reference: r.reference,
          organisationId: r.organisation_id,
          kind: r.kind,
          level: r.level,
          status: r.status,
          receivedOn: r.received_on,
          categories: JSON.parse(r.categories) as string[],
          nextDue: r.next_due,
          overdue: r.next_due !== null && r.next_due < today,
          handlerUserId: r.handler_user_id,
          teamId: r.team_id,
          ...(showsName(r) && { complainantName: r.complainant ? (JSON.parse(r.complainant) as { name: string }).name : null }),
        })),
        nextCursor,
      };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case: parties, admissibility, deadlines with their explanation, the timeline, what may happen now',
        params: idParams,
        response: { 200: caseOut, ...errorResponses },
      },
    },
    async (req) => {
      const { c, access } = await caseFor(deps, req, req.params.id);
      return toCaseOut(c, await loadDetail(db, c.id), access, await regulationOfCase(db, c), new Date());
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Assign a handler or team, set categories',
        params: idParams,
        body: z
          .object({
            handlerUserId: z.string().min(1).max(64).nullable(),
            teamId: z.string().min(1).max(64).nullable(),
            categories: z.array(z.enum(CATEGORY_IDS)).max(9),
          })
          .partial()
          .strict(),
        response: { 200: caseOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot change this case.');
      const b = req.body;
      if (b.handlerUserId) {
        const member = await db
          .selectFrom('memberships')
          .select('user_id')
          .where('user_id', '=', b.handlerUserId)
          .where('organisation_id', '=', c.organisation_id)
          .executeTakeFirst();
        if (!member) throw fieldError('body.handlerUserId', 'the handler must work for the organisation of the case');
        // The complaints officer is never the person complained about [004 §1].
        const isRespondent = await db
          .selectFrom('case_parties')
          .select('id')
          .where('case_id', '=', c.id)
          .where('role', '=', 'respondent')
          .where('user_id', '=', b.handlerUserId)
          .executeTakeFirst();
        if (isRespondent) throw fieldError('body.handlerUserId', 'a respondent cannot handle their own case [004 §1]');
        // Moved for independence: the handler holds the role the regulation named (issue 9 §2.5).
        const moved = handlerAt(await regulationOfCase(db, c), JSON.parse(c.state) as CaseState);
        if (moved?.moved) {
          const holds = await db
            .selectFrom('memberships')
            .select('user_id')
            .where('user_id', '=', b.handlerUserId)
            .where('organisation_id', '=', c.organisation_id)
            .where('role', '=', moved.role)
            .executeTakeFirst();
          if (!holds)
            throw fieldError('body.handlerUserId', `the regulation has this case handled by a ${moved.role}, because a respondent would have handled it [${moved.source}]`);
        }
      }
      if (b.teamId) {
        const team = await db.selectFrom('teams').select('organisation_id').where('id', '=', b.teamId).executeTakeFirst();
        if (!team || team.organisation_id !== c.organisation_id) throw fieldError('body.teamId', 'no team with this id in the organisation');
      }
      const set = {
        ...(b.handlerUserId !== undefined && { handler_user_id: b.handlerUserId }),
        ...(b.teamId !== undefined && { team_id: b.teamId }),
        ...(b.categories !== undefined && { categories: JSON.stringify(b.categories) }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('cases').set(set).where('id', '=', c.id).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'case.updated',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
          details: { fields: Object.keys(b) },
        });
      });
      const fresh = (await loadCase(db, c.id))!;
      return toCaseOut(fresh, await loadDetail(db, c.id), access, await regulationOfCase(db, fresh), new Date());
    },
  );

  app.post(
    '/:id/respondents',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add a respondent (an employee or a name); where the regulation says so, the case moves to another handler when the respondent would have handled it',
        params: idParams,
        body: respondentInput,
        response: { 201: caseOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot change this case.');
      await addRespondent(db, c, req.body, { actor, ip: req.ip, now: new Date() });
      // Rights may have moved with the case: read it as the caller may see it now.
      const fresh = await caseFor(deps, req, req.params.id, false);
      return reply.code(201).send(toCaseOut(fresh.c, await loadDetail(db, c.id), fresh.access, await regulationOfCase(db, fresh.c), new Date()));
    },
  );

  app.post(
    '/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary: 'Record what happened; checked against the case state and its regulation (409 with a reason if it does not fit)',
        params: idParams,
        body: z.looseObject({ type: z.string().min(1).max(50) }),
        response: { 201: caseOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden(access.view === 'respondent' ? 'You are a party to this case and cannot handle it [004 §1].' : 'You cannot handle this case.');
      // The board's decision on an advice (Awb 9:14) is the organisation's, whoever advised.
      const mayDecide = req.body.type === 'decided' && access.mayDecideOnAdvice !== undefined ? access.mayDecideOnAdvice : access.canDecide;
      if (DECISIVE_EVENTS.has(req.body.type) && !mayDecide) {
        throw forbidden(`The regulation names who decides at this level; your role in this organisation may not record '${req.body.type}' here.`);
      }
      const now = new Date();
      const updated = await recordEvent(db, c, req.body, {
        actor,
        ip: req.ip,
        now,
        produceLetters,
        publicUrl: deps.config.publicUrl,
        language: languageOf(req),
        ...(access.committee && { actorRole: 'committee-member' }),
      });
      const detail = toCaseOut(updated, await loadDetail(db, c.id), access, await regulationOfCase(db, updated), now);
      return reply.code(201).send(detail);
    },
  );

  app.post(
    '/:id/letters/preview',
    {
      schema: {
        tags: ['cases'],
        summary: 'The letters an event would send, per recipient, as text, without recording anything; a decision under four-eyes shows the letters its approval sends',
        params: idParams,
        body: z.looseObject({ type: z.string().min(1).max(50) }),
        response: {
          200: z.object({
            /** True when the letters go out only once a colleague approves the decision [001 §1D]. */
            afterApproval: z.boolean(),
            letters: z.array(
              z.object({
                kind: z.string(),
                recipient: z.enum(['complainant', 'respondent']),
                recipientName: z.string(),
                subject: z.string(),
                text: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id);
      if (!access.canHandle) throw forbidden('You cannot handle this case.');
      const regulation = await regulationOfCase(db, c);
      const now = new Date();
      let result = applyEvent(regulation, JSON.parse(c.state) as CaseState, { ...req.body, actorId: actor.userId }, now);
      if (!result.ok) throw refusalError(result, languageOf(req));
      let afterApproval = false;
      if (result.state.status === 'decision-pending-approval' && result.letters.length === 0) {
        const approved = applyEvent(regulation, result.state, { type: 'decision-approved', actorId: 'preview:approver' }, now);
        if (approved.ok) {
          result = approved;
          afterApproval = true;
        }
      }
      const planned = await planLetters(db, c, result.state, regulation, result.letters);
      return {
        afterApproval,
        letters: planned.map((l) => ({ kind: l.kind, recipient: l.role, recipientName: l.name, subject: letterContent(l.input).subject, text: letterText(l.input) })),
      };
    },
  );
};
