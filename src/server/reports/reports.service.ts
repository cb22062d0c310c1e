import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  amsterdamDate,
  buildReport,
  reportCaseFrom,
  reportDueDates,
  type CaseState,
  type MeasureState,
  type Regulation,
  type Report,
  type ReportCase,
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
 */
export async function reportFor(db: Kysely<DB>, organisationIds: string[], period: ReportPeriod, withProviders: boolean, now = new Date()): Promise<Report> {
  const today = amsterdamDate(now);
  const rows = await db
    .selectFrom('cases')
    .select(['organisation_id', 'regulation_id', 'regulation_version', 'state', 'categories'])
    .where('organisation_id', 'in', organisationIds)
    .where('received_on', '>=', period.from)
    .where('received_on', '<=', period.to)
    .execute();
  const regs = new Map<string, Regulation>();
  const cases: ReportCase[] = [];
  for (const r of rows) {
    const key = `${r.regulation_id}@${r.regulation_version}`;
    let reg = regs.get(key);
    if (!reg) {
      reg = (await getRegulation(db, r.regulation_id, r.regulation_version))?.regulation;
      if (!reg) continue;
      regs.set(key, reg);
    }
    cases.push(reportCaseFrom(reg, JSON.parse(r.state) as CaseState, { organisationId: r.organisation_id, categories: JSON.parse(r.categories) as string[], today }));
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
  const orgs = withProviders
    ? (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).orderBy('name').execute()).map((o) => ({ id: o.id, name: o.name }))
    : undefined;
  return buildReport({ period, cases, measures, today, ...(orgs && { organisations: orgs }) });
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
