import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database as DatabaseConfig } from '../config.ts';
import type { DB } from '../../db/schema.ts';
import {
  amsterdamDate,
  reportCaseFrom,
  reportFromTally,
  ReportTally,
  reportDueDates,
  type CaseState,
  type MeasureState,
  type Regulation,
  type Report,
  type ReportMeasure,
  type ReportPeriod,
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
 * At size the cases are read a month of one organisation at a time (the
 * organisation-received index) and counted into a `ReportTally` as they come:
 * memory holds one chunk and the counts, never all of a year's cases. Each
 * case's deadlines are the domain's as of today, so they are recomputed from
 * its state here rather than counted in SQL. The server runs this in a worker
 * thread (`reportRunner`), so a report does not hold up other requests.
 */
export async function reportFor(db: Kysely<DB>, organisationIds: string[], period: ReportPeriod, withProviders: boolean, now = new Date()): Promise<Report> {
  const today = amsterdamDate(now);
  const regs = new Map<string, Regulation | null>();
  const orgs = withProviders
    ? (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).orderBy('name').execute()).map((o) => ({ id: o.id, name: o.name }))
    : undefined;
  const tally = new ReportTally(period, orgs ? new Set(orgs.map((o) => o.id)) : undefined);
  for (const organisationId of organisationIds) {
    for (const [from, to] of months(period)) {
      const rows = await db
        .selectFrom('cases')
        .select(['organisation_id', 'regulation_id', 'regulation_version', 'state', 'categories'])
        .where('organisation_id', '=', organisationId)
        .where('received_on', '>=', from)
        .where('received_on', '<=', to)
        .execute();
      for (const r of rows) {
        const key = `${r.regulation_id}@${r.regulation_version}`;
        let reg = regs.get(key);
        if (reg === undefined) {
          reg = (await getRegulation(db, r.regulation_id, r.regulation_version))?.regulation ?? null;
          regs.set(key, reg);
        }
        if (!reg) continue;
        tally.add(reportCaseFrom(reg, JSON.parse(r.state) as CaseState, { organisationId: r.organisation_id, categories: JSON.parse(r.categories) as string[], today }));
      }
    }
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
  return reportFromTally(tally, { period, measures, today, ...(orgs && { organisations: orgs }) });
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
 * stops after a minute without one, so an idle server does not carry it.
 */
export function reportRunner(database: DatabaseConfig, idleMs = 60_000): ReportRunner {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | null = null;
  let next = 0;
  const waiting = new Map<number, { resolve: (r: Report) => void; reject: (e: Error) => void }>();
  const url = new URL(import.meta.url.endsWith('.ts') ? './report-worker.ts' : './report-worker.js', import.meta.url);
  const stop = () => {
    const w = worker;
    worker = null;
    void w?.terminate();
  };
  function get(): Worker {
    if (worker) return worker;
    const w = new Worker(url, { workerData: { database } });
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
    w.on('error', (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      if (worker === w) worker = null;
    });
    w.unref();
    worker = w;
    return w;
  }
  return {
    run(organisationIds, period, withProviders) {
      if (idle) clearTimeout(idle);
      const id = next++;
      return new Promise<Report>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        get().postMessage({ id, organisationIds, period, withProviders, now: new Date().toISOString() });
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

/** The municipality's due dates for its providers' half-year reports [001 art. 11.1], from its own regulation. */
export async function halfYearDueDates(db: Kysely<DB>, municipalityId: string, year: number): Promise<{ half: 1 | 2; lastDay: string; source: string }[]> {
  const org = await db.selectFrom('organisations').select('regulation_id').where('id', '=', municipalityId).executeTakeFirst();
  const reg = org ? (await getRegulation(db, org.regulation_id))?.regulation : undefined;
  if (!reg) return [];
  const dues = reportDueDates(reg, year).filter((d) => d.period === 'half-year' && d.to === 'municipality');
  return dues.slice(0, 2).map((d, i) => ({ half: (i + 1) as 1 | 2, lastDay: d.lastDay, source: d.source }));
}
