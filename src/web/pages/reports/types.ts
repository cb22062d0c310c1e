/** Shapes of the reports, measures and oversight API (slice 5), kept apart from the server code. */
import { addDays } from '../../lib/cases.ts';
import type { FullRegulation } from '../../lib/cases.ts';

/** A published count: `suppressed` cells (1–4, or what would reveal them) have no value. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export interface CountRow {
  key: string;
  label: string;
  count: Cell;
}

export interface CountTable {
  title: string;
  rows: CountRow[];
  total: Cell | null;
  totalLabel: string;
}

export interface LeadTimeRow {
  kind: string;
  label: string;
  closed: Cell;
  open: Cell;
  medianDays: Cell;
  p90Days: Cell;
}

export interface DeadlineRow {
  kind: string;
  label: string;
  met: Cell;
  missed: Cell;
  open: Cell;
  total: Cell;
  percentMet: Cell;
}

export interface Report {
  period: { from: string; to: string };
  madeOn: string;
  minimumCount: number;
  suppressedCells: number;
  totals: CountTable;
  byLevel: CountTable;
  byOutcome: CountTable;
  byCategory: CountTable;
  reclassified: CountTable;
  leadTimes: LeadTimeRow[];
  deadlines: DeadlineRow[];
  recommendations: Cell;
  measures: CountTable & { overdue: Cell; doneLate: Cell };
  /** What was not a complaint, per referral route; not in the totals. */
  referrals?: CountTable;
  /** Complainants a confidant supported and the confidants' recommendations. */
  confidants?: { supported: Cell; recommendations: Cell };
}

export interface Trends {
  year: number;
  months: { month: string; received: Cell; deadlinesMet: Cell; deadlinesMissed: Cell }[];
  totals: { received: Cell; deadlinesMet: Cell; deadlinesMissed: Cell };
}

export const MEASURE_STATES = ['planned', 'in-progress', 'done', 'dropped'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

export interface Measure {
  id: string;
  organisationId: string;
  caseId: string | null;
  title: string;
  recommendation?: string | null;
  ownerUserId: string | null;
  dueOn: string;
  state: MeasureState;
  evidence?: string | null;
  doneOn: string | null;
  late: boolean;
}

export interface Statement {
  caseId: string;
  reference: string;
  opinionOn: string;
  dueOn: string;
  stated: boolean;
  late: boolean;
  source: string;
}

export interface HalfYearReport {
  half: number;
  lastDay: string;
  deliveredAt: string | null;
  late: boolean;
  source: string;
}

export interface ProviderRow {
  id: string;
  name: string;
  regulationId: string;
  openCases: number;
  overdueCases: number;
  deadlinesMet: number;
  deadlinesMissed: number;
  measuresOpen: number;
  measuresLate: number;
  halfYearReports: HalfYearReport[];
}

/** The sum of published cells; suppressed as soon as one of them is. */
export function sumCells(cells: Cell[]): Cell {
  if (cells.some((c) => c.suppressed)) return { value: null, suppressed: true };
  return { value: cells.reduce((s, c) => s + (c.value ?? 0), 0), suppressed: false };
}

/** Link to a report download (the API answers with the file). */
export function reportHref(
  kind: 'annual' | 'half-year',
  params: { organisationId: string; year: number; half?: number; format: 'pdf' | 'csv'; includeProviders?: boolean },
): string {
  const search = new URLSearchParams({ organisationId: params.organisationId, year: String(params.year) });
  if (params.half) search.set('half', String(params.half));
  search.set('format', params.format);
  if (params.includeProviders) search.set('includeProviders', 'true');
  return `/api/v1/reports/${kind}?${search.toString()}`;
}

export interface PublicDue {
  lastDay: string;
  source: string;
}

/** GET /reports/half-year/deliveries: the half-year reports to the municipality and the public annual report. */
export interface DeliveryState {
  items: { half: number; lastDay: string | null; deliveredAt: string | null }[];
  annual: { publishedAt: string | null; publicUrl: string };
}

/** The last day by which the annual report over `year` must be public, when the regulation sets one (Jeugdwet 4.3.1: before 1 June of the next year). */
export function annualPublicDue(regulation: Pick<FullRegulation, 'reports'> | null, year: number): PublicDue | null {
  const dues = (regulation?.reports ?? [])
    .filter((r) => r.period === 'year' && r.to === 'public')
    .flatMap((r) => (r.dueBefore ?? []).map((monthDay) => ({ lastDay: addDays(`${year + 1}-${monthDay}`, -1), source: r.source })))
    .sort((a, b) => (a.lastDay < b.lastDay ? -1 : a.lastDay > b.lastDay ? 1 : 0));
  return dues[0] ?? null;
}
