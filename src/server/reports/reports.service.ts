import { Worker } from 'node:worker_threads';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database as DatabaseConfig } from '../../core/config.ts';
import type { DB } from '../../db/schema.ts';
import {
  amsterdamDate,
  isEnded,
  levelBodyOf,
  reportCaseFrom,
  reportFromTally,
  ReportTally,
  type CaseKind,
  type CaseState,
  type DeadlineKind,
  type DeadlineStatus,
  type LevelBody,
  type MeasureState,
  type Outcome,
  type Status,
  type Regulation,
  type Report,
  type ReportMeasure,
  type ReportPeriod,
  type TallyCounts,
} from '../../domain/index.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { ancestorsOf } from '../organisations/organisations.repository.ts';

const REPORT_ROLES: readonly Role[] = ['admin', 'complaints-officer', 'quality-officer', 'manager', 'oversight'];

/** Reports are process data: the organisation's handling roles, and oversight of it or of the municipality above it. */
export async function canReport(db: Kysely<DB>, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.platformAdmin) return true;
  if (actor.memberships.some((m) => m.organisationId === organisationId && REPORT_ROLES.includes(m.role))) return true;
  const above = await ancestorsOf(db, organisationId);
  return actor.memberships.some((m) => above.includes(m.organisationId) && m.role === 'oversight');
}

/**
 * The anonymised report over the cases received in the period, built by the
 * pure domain from process data only: the case rows' state (never names,
 * addresses or free text) and the measures' states and dates.
 *
 * At size the cases are read a month at a time (the
 * organisation-received index) and counted into a `ReportTally` as they come:
 * memory holds one chunk and the counts, never all of a year's cases. An open
 * case's deadlines are the domain's as of today, recomputed from its state; a
 * closed case's are final and read from its rows. The counts of an
 * organisation's closed cases of a whole month are kept in `report_tallies`
 * and used again while the month's generation (raised by triggers on every
 * change to a closed case, migration 2026-12-03-903) is the one they were
 * counted at; so a report reads only the open cases and what changed. The
 * server runs this in a worker thread (`reportRunner`), so a report does not
 * hold up other requests.
 */
export async function reportFor(db: Kysely<DB>, organisationIds: string[], period: ReportPeriod, withProviders: boolean, now = new Date()): Promise<Report> {
  const today = amsterdamDate(now);
  const regs = new Map<string, Regulation | null>();
  const orgs = withProviders
    ? (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).orderBy('name').execute()).map((o) => ({ id: o.id, name: o.name }))
    : undefined;
  const tally = new ReportTally(period, orgs ? new Set(orgs.map((o) => o.id)) : undefined);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // What a closed case needs besides its columns, extracted by the database: the day it ended (its
  // last event) and the kind it had before a reclassification. Its state is parsed only when it is
  // open (deadlines as of today) or its decisions carry recommendations (the domain counts those).
  const lastOn = pg ? sql<string | null>`(state::jsonb -> 'events' -> -1 ->> 'on')` : sql<string | null>`json_extract(state, '$.events[#-1].on')`;
  const reclassified = pg ? sql<string | null>`(state::jsonb ->> 'reclassifiedFrom')` : sql<string | null>`json_extract(state, '$.reclassifiedFrom')`;
  // A referral of what is not a complaint is read from the state too: reports count it apart by its route.
  const needsState = pg
    ? sql<string | null>`case when closed_at is null or strpos(state, '"recommendations"') > 0 or strpos(state, '"referralId"') > 0 then state end`
    : sql<string | null>`case when closed_at is null or instr(state, '"recommendations"') > 0 or instr(state, '"referralId"') > 0 then state end`;
  const referralLabels: Record<string, string> = {};
  const levelBodies = new Map<string, LevelBody>();
  const addLabels = (labels: Record<string, string>) => {
    for (const [id, name] of Object.entries(labels)) referralLabels[id] ??= name;
  };
  const regulationOf = async (id: string, version: number) => {
    const key = `${id}@${version}`;
    let reg = regs.get(key);
    if (reg === undefined) {
      reg = (await getRegulation(db, id, version))?.regulation ?? null;
      regs.set(key, reg);
    }
    return reg;
  };

  /**
   * Reads the cases of [from, to] of `orgs` (closed ones or open ones) and adds them to `into`
   * (one tally, or one per organisation). A closed case's deadlines are final (settled when it
   * ended, met or missed as of its end, not of today): the stored rows are what the domain would
   * compute, without computing them again. An open case's are the domain's as of today.
   */
  async function countCases(orgs: string[], from: string, to: string, closed: boolean, into: (organisationId: string) => ReportTally, labels: Record<string, string>) {
    const rows = await db
      .selectFrom('cases')
      .select([
        'id',
        'organisation_id',
        'regulation_id',
        'regulation_version',
        'kind',
        'level',
        'status',
        'outcome',
        'received_on',
        'categories',
        closed ? needsState.as('state') : 'state',
        lastOn.as('last_on'),
        reclassified.as('reclassified_from'),
      ])
      .where('organisation_id', 'in', orgs)
      .where('received_on', '>=', from)
      .where('received_on', '<=', to)
      .where('closed_at', closed ? 'is not' : 'is', null)
      .execute();
    if (rows.length === 0) return;
    const settled = new Map<string, { kind: DeadlineKind; status: DeadlineStatus }[]>();
    if (closed) {
      const stored = await db
        .selectFrom('case_deadlines as d')
        .innerJoin('cases as c', 'c.id', 'd.case_id')
        .select(['d.case_id', 'd.kind', 'd.status'])
        .where('c.organisation_id', 'in', orgs)
        .where('c.received_on', '>=', from)
        .where('c.received_on', '<=', to)
        .where('c.closed_at', 'is not', null)
        .orderBy('d.case_id')
        .orderBy('d.idx')
        .execute();
      for (const d of stored) {
        let list = settled.get(d.case_id);
        if (!list) settled.set(d.case_id, (list = []));
        list.push({ kind: d.kind as DeadlineKind, status: d.status as DeadlineStatus });
      }
    }
    // Cases whose complainant a confidant supported (consent recorded, also when revoked later), with
    // the confidants' recommendations [issue 9 §2.8, issue 12].
    const confidants = new Map<string, number>();
    const supportedRows = await db
      .selectFrom('case_confidants as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .leftJoin('confidant_recommendations as r', 'r.confidant_id', 'k.id')
      .select(['k.case_id', 'r.id as recommendation_id'])
      .where('c.organisation_id', 'in', orgs)
      .where('c.received_on', '>=', from)
      .where('c.received_on', '<=', to)
      .where('c.closed_at', closed ? 'is not' : 'is', null)
      .execute();
    for (const k of supportedRows) confidants.set(k.case_id, (confidants.get(k.case_id) ?? 0) + (k.recommendation_id ? 1 : 0));
    for (const r of rows) {
      const reg = await regulationOf(r.regulation_id, r.regulation_version);
      if (!reg) continue;
      const categories = JSON.parse(r.categories) as string[];
      for (const route of reg.referrals ?? []) labels[route.id] ??= route.name;
      const support = confidants.get(r.id);
      const supported = support !== undefined ? { confidant: true, confidantRecommendations: support } : {};
      const tallyOf = into(r.organisation_id);
      if (r.state !== null || !isEnded(r.status as Status)) {
        tallyOf.add({ ...reportCaseFrom(reg, JSON.parse(r.state!) as CaseState, { organisationId: r.organisation_id, categories, today }), ...supported });
        continue;
      }
      const bodyKey = `${r.regulation_id}@${r.regulation_version}|${r.level}`;
      let levelBody = levelBodies.get(bodyKey);
      if (!levelBody) levelBodies.set(bodyKey, (levelBody = levelBodyOf(reg, r.level)));
      tallyOf.add({
        organisationId: r.organisation_id,
        kind: r.kind as CaseKind,
        level: r.level,
        levelBody,
        categories,
        outcome: r.outcome as Outcome | null,
        status: r.status as Status,
        receivedOn: r.received_on,
        closedOn: r.last_on ?? r.received_on,
        deadlines: settled.get(r.id) ?? [],
        recommendations: 0,
        ...(r.reclassified_from && { reclassifiedFrom: r.reclassified_from as CaseKind }),
        ...supported,
      });
    }
  }

  // A month of all the report's organisations at a time: few queries, and one chunk in memory.
  for (const [from, to] of months(period)) {
    // Open cases are read every time (their deadlines run as of today).
    await countCases(organisationIds, from, to, false, () => tally, referralLabels);
    const month = from.slice(0, 7);
    if (!from.endsWith('-01') || !to.endsWith('-31')) {
      // A month the period cuts: its closed cases read, not kept.
      await countCases(organisationIds, from, to, true, () => tally, referralLabels);
      continue;
    }
    // A whole month: the kept counts of each organisation's closed cases where they are still true.
    const current = new Map(
      (await db.selectFrom('report_months').select(['organisation_id', 'generation']).where('organisation_id', 'in', organisationIds).where('month', '=', month).execute()).map(
        (r) => [r.organisation_id, Number(r.generation)],
      ),
    );
    const kept = await db
      .selectFrom('report_tallies')
      .select(['organisation_id', 'generation', 'counts'])
      .where('organisation_id', 'in', organisationIds)
      .where('month', '=', month)
      .execute();
    const stale = new Set(organisationIds);
    for (const k of kept) {
      if (Number(k.generation) !== (current.get(k.organisation_id) ?? 0)) continue;
      const { counts, referralLabels: labels } = JSON.parse(k.counts) as { counts: TallyCounts; referralLabels: Record<string, string> };
      tally.addCounts(counts, k.organisation_id);
      addLabels(labels);
      stale.delete(k.organisation_id);
    }
    if (stale.size === 0) continue;
    // Count the others' closed cases and keep them, with the generation read before the cases were.
    const perOrg = new Map<string, ReportTally>();
    const labels: Record<string, string> = {};
    const monthPeriod = { from, to: `${month}-31` };
    await countCases(
      [...stale],
      from,
      to,
      true,
      (org) => {
        let t = perOrg.get(org);
        if (!t) perOrg.set(org, (t = new ReportTally(monthPeriod)));
        return t;
      },
      labels,
    );
    const computedAt = now.toISOString();
    for (const org of stale) {
      const counts = (perOrg.get(org) ?? new ReportTally(monthPeriod)).toCounts();
      tally.addCounts(counts, org);
      const row = { organisation_id: org, month, generation: current.get(org) ?? 0, counts: JSON.stringify({ counts, referralLabels: labels }), computed_at: computedAt };
      await db
        .insertInto('report_tallies')
        .values(row)
        .onConflict((oc) => oc.columns(['organisation_id', 'month']).doUpdateSet({ generation: row.generation, counts: row.counts, computed_at: computedAt }))
        .execute();
    }
    addLabels(labels);
  }
  const measureRows = await db
    .selectFrom('measures')
    .select(['state', 'due_on', 'done_on'])
    .where('organisation_id', 'in', organisationIds)
    // Measures that were open at some time in the period.
    .where('created_at', '<=', `${period.to}T23:59:59.999Z`)
    .where((eb) => eb.or([eb('done_on', 'is', null), eb('done_on', '>=', period.from)]))
    .execute();
  const measures: ReportMeasure[] = measureRows.map((m) => ({ state: m.state as MeasureState, dueOn: m.due_on, doneOn: m.done_on }));
  return reportFromTally(tally, { period, measures, today, referralLabels, ...(orgs && { organisations: orgs }) });
}

/** The calendar months a period touches, each clipped to the period. */
function months(period: ReportPeriod): [string, string][] {
  const out: [string, string][] = [];
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  for (;;) {
    const first = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
    const last = `${first.slice(0, 8)}31`; // text comparison: no date is after the 31st
    const from = first < period.from ? period.from : first;
    const to = last > period.to ? period.to : last;
    if (from > period.to) break;
    out.push([from, to]);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export interface ReportRunner {
  run(organisationIds: string[], period: ReportPeriod, withProviders: boolean): Promise<Report>;
  close(): Promise<void>;
}

/**
 * Reports in a worker thread with its own database connection. A report reads
 * and counts tens of thousands of cases; on SQLite every query runs on the
 * thread that asks, so on the request thread one report stalled every other
 * request for as long as it ran. The worker starts with the first report and
 * stops five minutes after the last one: a server that makes no reports does
 * not carry it, and a series of reports does not pay its start (~0.3 s) each time.
 *
 * Its heap is capped (`heapMb`): V8 lets an uncapped heap grow to hundreds of MB
 * before it collects, and a municipality-wide report at 1M cases took the process
 * from 140 to 370 MB (capped at 128 MB: 290 MB). The worker itself costs about
 * 66 MB (an isolate with its own modules), so the cap is what is left under the
 * 300 MB of issue 14. Against 128 MB, at 1M cases with the four reports of
 * bench:scale at 16 concurrent: at 64 MB they ran as fast (within noise) and the
 * process peaked 12 MB lower; at 48 MB they ran up to a third slower (the
 * municipality-wide report 2.1 -> 2.9 s at 16 concurrent; one at a time far within
 * its target) and it peaked 22 MB lower (bench:scale at 1M with 64: 301 MB).
 * A report that does not fit is not lost: the runner goes on without the cap
 * and runs it again.
 */
export function reportRunner(database: DatabaseConfig, idleMs = 5 * 60_000, heapMb = 48): ReportRunner {
  type Job = { id: number; organisationIds: string[]; period: ReportPeriod; withProviders: boolean; now: string };
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | null = null;
  let next = 0;
  let capped = true;
  const waiting = new Map<number, { job: Job; resolve: (r: Report) => void; reject: (e: Error) => void }>();
  const url = new URL(import.meta.url.endsWith('.ts') ? './report-worker.ts' : './report-worker.js', import.meta.url);
  const stop = () => {
    const w = worker;
    worker = null;
    void w?.terminate();
  };
  function get(): Worker {
    if (worker) return worker;
    const w = new Worker(url, { workerData: { database }, ...(capped && { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 } }) });
    w.on('message', (m: { id: number; report?: Report; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.report!);
      if (waiting.size === 0) {
        if (idle) clearTimeout(idle);
        idle = setTimeout(stop, idleMs).unref();
      }
    });
    w.on('error', (err: Error & { code?: string }) => {
      if (worker === w) worker = null;
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY' && capped) {
        // Too large for the cap: the asked reports again, in a worker without it.
        capped = false;
        const again = get();
        for (const { job } of waiting.values()) again.postMessage(job);
        return;
      }
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    });
    w.unref();
    worker = w;
    return w;
  }
  return {
    run(organisationIds, period, withProviders) {
      if (idle) clearTimeout(idle);
      const job: Job = { id: next++, organisationIds, period, withProviders, now: new Date().toISOString() };
      return new Promise<Report>((resolve, reject) => {
        waiting.set(job.id, { job, resolve, reject });
        get().postMessage(job);
      });
    },
    async close() {
      if (idle) clearTimeout(idle);
      stop();
    },
  };
}

/** The organisation and, for a municipality asked to, the providers it oversees. */
export async function reportScope(db: Kysely<DB>, organisationId: string, includeProviders: boolean): Promise<string[]> {
  if (!includeProviders) return [organisationId];
  const children = await db.selectFrom('organisations').select('id').where('parent_id', '=', organisationId).execute();
  return [organisationId, ...children.map((c) => c.id)];
}

export { halfYearDueDates } from '../../db/regulations.ts';
