/** Shapes of the reports, measures and oversight API (slice 5), kept apart from the server code. */

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
export function reportHref(kind: 'annual' | 'half-year', params: { organisationId: string; year: number; half?: number; format: 'pdf' | 'csv'; includeProviders?: boolean }): string {
  const search = new URLSearchParams({ organisationId: params.organisationId, year: String(params.year) });
  if (params.half) search.set('half', String(params.half));
  search.set('format', params.format);
  if (params.includeProviders) search.set('includeProviders', 'true');
  return `/api/v1/reports/${kind}?${search.toString()}`;
}
