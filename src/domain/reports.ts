/**
 * Annual and half-year reports [000 §4, 001 art. 11.1, 002 §9.5, 004 §7]: the
 * numbers per kind, level, category and outcome, lead times, deadlines met,
 * recommendations and measures, for one organisation or for a municipality over
 * the providers it oversees.
 *
 * Anonymous by construction:
 * - The input (`ReportCase`, `ReportMeasure`) holds process data only: kinds,
 *   levels, category ids, outcomes, dates, deadline states. No names, addresses,
 *   free text or other person data reach this module, so none can leave it.
 * - Every count is a `Cell`; counts from 1 to 4, and every count they could be
 *   worked out from, are suppressed (`anonymise.ts`). Statistics over fewer than
 *   5 cases are suppressed too.
 * - The per-provider table (`byOrganisation`) names organisations. It is for the
 *   municipality's oversight [001 §10]; a public annual report leaves it out
 *   (the committee's report is not traceable to an organisation either [000 §4.1]).
 *
 * Which cases: those received within the period (`receivedOn` from `period.from`
 * to `period.to`, both inclusive), with their state as it is on `today`: a case
 * received in March and closed in August counts in the first half-year report
 * as closed when the report is made after August. Measures are counted as given:
 * the caller picks them (e.g. the measures taken on the period's cases).
 *
 * There is no `mergeReports`: suppressed reports cannot be added up (the hidden
 * values are gone, or adding them back would leak them). The municipality's view
 * is `buildReport` over all its providers' cases at once, with `organisations`.
 */
import { daysBetween, isIsoDate, type IsoDate } from './calendar.ts';
import { segments, type CaseState } from './case.ts';
import { computeDeadlines, type DeadlineStatus } from './deadlines.ts';
import { CASE_KINDS, CATEGORY_IDS, DEADLINE_KINDS, OUTCOMES, type CaseKind, type DeadlineKind, type Outcome, type Regulation } from './regulation.schema.ts';
import { isEnded, type Status } from './status.ts';
import { isSmallCount, MIN_PUBLISHED_COUNT, publishedCell, suppress, type Cell, type SuppressionGroup } from './anonymise.ts';

// ---------------------------------------------------------------- input

/** Who handled the case at its (highest) level: the organisation itself, a committee, the ombudsman, a dispute body. */
export const LEVEL_BODIES = ['own', 'committee', 'ombudsman', 'dispute-body'] as const;
export type LevelBody = (typeof LEVEL_BODIES)[number];

export const MEASURE_STATES = ['planned', 'in-progress', 'done', 'dropped'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

/** One case as a report sees it: process data only, never content. */
export interface ReportCase {
  organisationId: string;
  /** The kind now; an objection is one referred to where to object [000 §1]. */
  kind: CaseKind;
  /** The level the case is at (the highest it reached). */
  level: string;
  levelBody: LevelBody;
  /** Category ids (`CATEGORY_IDS`); a case may have several or none. */
  categories: readonly string[];
  outcome: Outcome | null;
  status: Status;
  receivedOn: IsoDate;
  /** The day the case ended; null while it runs. */
  closedOn: IsoDate | null;
  deadlines: readonly { kind: DeadlineKind; status: DeadlineStatus }[];
  /** How many recommendations the decisions gave. */
  recommendations: number;
  reclassifiedFrom?: CaseKind;
  /** Not a complaint, referred to this route of the regulation [issue 9 §2.9]: counted apart, not as a case of its kind. */
  referredTo?: string;
  /** A confidant supported the complainant, with the complainant's consent [issue 9 §2.8]. */
  confidant?: boolean;
  /** Recommendations the confidant made (recorded by the confidant or an officer) [issue 12]. */
  confidantRecommendations?: number;
}

/** A measure taken on complaints [001 §9.IV–V, 004 §9]: its state and dates only. */
export interface ReportMeasure {
  state: MeasureState;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
}

export interface ReportPeriod {
  from: IsoDate;
  to: IsoDate;
}

export interface ReportInput {
  period: ReportPeriod;
  cases: readonly ReportCase[];
  measures?: readonly ReportMeasure[];
  today: IsoDate;
  /**
   * The municipality's view: a provider × kind table over these organisations
   * (all of them, also those without cases). Every case must belong to one.
   */
  organisations?: readonly { id: string; name: string }[];
  /** Names of the categories, e.g. from the regulation; Dutch defaults otherwise. */
  categoryLabels?: Readonly<Record<string, string>>;
  /** Names of the referral routes, from the regulations; the route id otherwise. */
  referralLabels?: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------- output

export type { Cell } from './anonymise.ts';

export interface CountRow<K extends string = string> {
  key: K;
  label: string;
  count: Cell;
}

export interface CountTable<K extends string = string> {
  title: string;
  rows: CountRow<K>[];
  /**
   * Additive tables (each case in exactly one row) have the total of the rows
   * here; non-additive ones (categories: a case may have several) have null.
   */
  total: Cell | null;
  totalLabel: string;
}

export interface LeadTimeRow {
  kind: CaseKind;
  label: string;
  /** Cases closed, and still running; they add up to the kind's total. */
  closed: Cell;
  open: Cell;
  /** Calendar days from `receivedOn` to `closedOn` over the closed cases; see `leadTimeStats`. */
  medianDays: Cell;
  p90Days: Cell;
}

export interface DeadlineRow {
  kind: DeadlineKind;
  label: string;
  met: Cell;
  missed: Cell;
  open: Cell;
  total: Cell;
  /** Whole per cent of met among met + missed; only when both are published. */
  percentMet: Cell;
}

export interface OrganisationTable {
  title: string;
  columns: { key: CaseKind; label: string }[];
  rows: { id: string; label: string; counts: Cell[]; total: Cell }[];
  /** The column totals are the report's `totals` rows; the grand total is `totals.total`. */
}

export interface Report {
  period: ReportPeriod;
  madeOn: IsoDate;
  /** Counts below this (and above 0) are never shown. */
  minimumCount: number;
  /** Number of cells suppressed, primary and complementary. */
  suppressedCells: number;
  totals: CountTable<CaseKind>;
  byLevel: CountTable<LevelBody>;
  byOutcome: CountTable<Outcome | 'none'>;
  byCategory: CountTable<string>;
  /** Cases that changed kind, by the kind they had. */
  reclassified: CountTable<CaseKind>;
  leadTimes: LeadTimeRow[];
  deadlines: DeadlineRow[];
  recommendations: Cell;
  measures: CountTable<MeasureState> & {
    /** Planned or in progress, due before `madeOn`. */
    overdue: Cell;
    /** Done after the due day. */
    doneLate: Cell;
  };
  byOrganisation?: OrganisationTable;
  /** What was not a complaint and was referred elsewhere, per route; not in the totals above [issue 9 §2.9]. */
  referrals?: CountTable<string>;
  /** Complainants a confidant supported, and the confidants' recommendations [issue 9 §2.8, issue 12]. */
  confidants?: { supported: Cell; recommendations: Cell };
}

// ---------------------------------------------------------------- labels (Dutch: the report's readers)

export const KIND_LABELS: Record<CaseKind, string> = {
  compliment: 'Complimenten',
  dissatisfaction: 'Onvrede',
  complaint: 'Klachten',
  signal: 'Signalen',
  objection: 'Bezwaren (doorverwezen)',
};
const LEVEL_LABELS: Record<LevelBody, string> = {
  own: 'Eigen behandeling',
  committee: 'Klachtencommissie',
  ombudsman: 'Ombudsman',
  'dispute-body': 'Geschilleninstantie',
};
const OUTCOME_LABELS: Record<Outcome | 'none', string> = {
  'well-founded': 'Gegrond',
  'partly-well-founded': 'Deels gegrond',
  unfounded: 'Ongegrond',
  resolved: 'Opgelost',
  'no-judgement': 'Geen oordeel',
  none: 'Zonder uitkomst (lopend of anders beëindigd)',
};
const CATEGORY_LABELS: Record<string, string> = {
  treatment: 'Bejegening',
  accessibility: 'Bereikbaarheid',
  communication: 'Communicatie',
  expertise: 'Deskundigheid',
  'waiting-time': 'Wachttijd',
  privacy: 'Privacy',
  'agreements-not-kept': 'Afspraken niet nagekomen',
  'quality-of-help': 'Kwaliteit van de hulp',
  other: 'Overig',
};
const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  acknowledgement: 'Ontvangstbevestiging',
  'first-contact': 'Eerste contact',
  'admissibility-notice': 'Bericht niet in behandeling',
  decision: 'Afhandeling',
  objection: 'Bezwaartermijn',
  named: 'Andere termijnen uit de regeling',
  repair: 'Termijn voor aanvulling',
};
const MEASURE_LABELS: Record<MeasureState, string> = {
  planned: 'Gepland',
  'in-progress': 'In uitvoering',
  done: 'Uitgevoerd',
  dropped: 'Vervallen',
};

// ---------------------------------------------------------------- helpers for callers

/**
 * The report body of a level: `external-committee` (or an internal committee,
 * handled by committee members) → committee; `ombudsman`; `dispute-body`; else own.
 */
export function levelBodyOf(regulation: Regulation, levelId: string): LevelBody {
  const level = regulation.levels.find((l) => l.id === levelId);
  if (!level) throw new Error(`levelBodyOf: regulation ${regulation.id} v${regulation.version} has no level "${levelId}"`);
  switch (level.body) {
    case 'external-committee':
      return 'committee';
    case 'ombudsman':
      return 'ombudsman';
    case 'dispute-body':
      return 'dispute-body';
    case 'internal':
      return level.handlerRole === 'committee-member' ? 'committee' : 'own';
  }
}

/**
 * A case's process data for reports, from its state: deadlines as computed on
 * `today`, recommendations of the last decision at each level, the day it ended.
 * Categories are not part of the case state; the caller passes them.
 */
export function reportCaseFrom(regulation: Regulation, state: CaseState, options: { organisationId: string; categories: readonly string[]; today: IsoDate }): ReportCase {
  let recommendations = 0;
  for (const segment of segments(state)) {
    const decided = segment.events.filter((e) => e.type === 'decided').at(-1);
    if (decided?.type === 'decided') recommendations += decided.recommendations?.length ?? 0;
  }
  const out: ReportCase = {
    organisationId: options.organisationId,
    kind: state.kind,
    level: state.level,
    levelBody: levelBodyOf(regulation, state.level),
    categories: [...options.categories],
    outcome: state.decision?.outcome ?? null,
    status: state.status,
    receivedOn: state.facts.receivedOn,
    closedOn: isEnded(state.status) ? (state.events.at(-1)?.on ?? state.facts.receivedOn) : null,
    deadlines: computeDeadlines(regulation, state, options.today).map((d) => ({ kind: d.kind, status: d.status })),
    recommendations,
  };
  if (state.reclassifiedFrom) out.reclassifiedFrom = state.reclassifiedFrom;
  const referred = state.status === 'referred' ? state.events.findLast((e) => e.type === 'referred') : undefined;
  if (referred?.type === 'referred') out.referredTo = referred.referralId;
  return out;
}

/**
 * A calendar year, or its first (January–June) or second (July–December) half.
 * Half-year reports are due before 1 July and 1 December [001 art. 11.1]; which
 * months they cover the seed leaves open, so the caller picks the period.
 */
export function reportPeriod(year: number, half?: 1 | 2): ReportPeriod {
  const y = String(year).padStart(4, '0');
  if (half === 1) return { from: `${y}-01-01`, to: `${y}-06-30` };
  if (half === 2) return { from: `${y}-07-01`, to: `${y}-12-31` };
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/**
 * Median and 90th percentile of `days`. Median: the middle value, or the mean of
 * the two middle values for an even count (so it may end in .5). 90th
 * percentile: nearest rank, the value at rank ⌈0.9·n⌉ of the sorted values (an
 * observed value; 90% of the cases took at most this long). Null for no values.
 */
export function leadTimeStats(days: readonly number[]): { median: number | null; p90: number | null } {
  const xs = [...days].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return { median: null, p90: null };
  const median = n % 2 === 1 ? xs[(n - 1) / 2]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
  return { median, p90: xs[Math.ceil(0.9 * n) - 1]! };
}

// ---------------------------------------------------------------- building

/** Cells under construction: raw values and the additive groups that link them. */
class Sheet {
  readonly values: number[] = [];
  readonly groups: SuppressionGroup[] = [];
  add(value: number): number {
    this.values.push(value);
    return this.values.length - 1;
  }
  group(total: number, parts: readonly number[]): void {
    this.groups.push({ total, parts });
  }
}

function countBy<K extends string>(keys: readonly K[], items: readonly K[]): Map<K, number> {
  const out = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const item of items) out.set(item, (out.get(item) ?? 0) + 1);
  return out;
}

/**
 * Median and 90th percentile as `leadTimeStats`, from a histogram (days → number
 * of cases): the same values, in memory of the distinct durations instead of the cases.
 */
export function leadTimeStatsOf(histogram: ReadonlyMap<number, number>): { median: number | null; p90: number | null } {
  const entries = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((s, [, k]) => s + k, 0);
  if (n === 0) return { median: null, p90: null };
  const at = (rank: number) => {
    let seen = 0;
    for (const [days, k] of entries) {
      seen += k;
      if (rank < seen) return days;
    }
    return entries.at(-1)![0];
  };
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return { median, p90: at(Math.ceil(0.9 * n) - 1) };
}

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/**
 * The counts a report is made of, added up one case at a time: a report over
 * any number of cases holds only these counts (and a histogram of lead times),
 * never the cases. `buildReport` is `reportFromTally` over a tally of its cases.
 */
export class ReportTally {
  total = 0;
  readonly kinds = new Map<CaseKind, number>();
  readonly levels = new Map<LevelBody, number>();
  readonly outcomes = new Map<Outcome | 'none', number>();
  readonly categories = new Map<string, number>();
  readonly reclassified = new Map<CaseKind, number>();
  reclassifiedTotal = 0;
  /** Per kind: closed cases by their lead time in calendar days. */
  readonly leadDays = new Map<CaseKind, Map<number, number>>();
  readonly closed = new Map<CaseKind, number>();
  readonly deadlines = new Map<DeadlineKind, Map<DeadlineStatus, number>>();
  recommendations = 0;
  readonly byOrganisation = new Map<string, Map<CaseKind, number>>();
  readonly referrals = new Map<string, number>();
  referralsTotal = 0;
  confidantSupported = 0;
  confidantRecommendations = 0;

  readonly period: ReportPeriod;
  /** With the municipality's view: the organisations every case must belong to. */
  readonly organisationIds: ReadonlySet<string> | undefined;
  constructor(period: ReportPeriod, organisationIds?: ReadonlySet<string>) {
    this.period = period;
    this.organisationIds = organisationIds;
  }

  /** Counts the case when it was received in the period. */
  add(c: ReportCase): void {
    if (c.receivedOn < this.period.from || c.receivedOn > this.period.to) return;
    if (this.organisationIds && !this.organisationIds.has(c.organisationId)) {
      throw new Error(`buildReport: a case belongs to organisation "${c.organisationId}", which is not in the list`);
    }
    // What was not a complaint is counted apart, never as a case of its kind [issue 9 §2.9].
    if (c.referredTo !== undefined) {
      this.referralsTotal++;
      bump(this.referrals, c.referredTo);
      return;
    }
    if (c.confidant) this.confidantSupported++;
    this.confidantRecommendations += c.confidantRecommendations ?? 0;
    this.total++;
    bump(this.kinds, c.kind);
    bump(this.levels, c.levelBody);
    bump(this.outcomes, c.outcome ?? 'none');
    for (const k of new Set(c.categories)) bump(this.categories, k);
    if (c.reclassifiedFrom !== undefined) {
      this.reclassifiedTotal++;
      bump(this.reclassified, c.reclassifiedFrom);
    }
    if (c.closedOn !== null) {
      bump(this.closed, c.kind);
      let h = this.leadDays.get(c.kind);
      if (!h) this.leadDays.set(c.kind, (h = new Map()));
      bump(h, daysBetween(c.receivedOn, c.closedOn));
    }
    for (const d of c.deadlines) {
      let m = this.deadlines.get(d.kind);
      if (!m) this.deadlines.set(d.kind, (m = new Map()));
      bump(m, d.status);
    }
    this.recommendations += c.recommendations;
    if (this.organisationIds) {
      let m = this.byOrganisation.get(c.organisationId);
      if (!m) this.byOrganisation.set(c.organisationId, (m = new Map()));
      bump(m, c.kind);
    }
  }

  /**
   * The counts as plain JSON, to keep them: the server stores the counts of an
   * organisation's closed cases of a month and adds them to later reports
   * (`addCounts`) instead of reading those cases again.
   */
  toCounts(): TallyCounts {
    const entries = <K>(m: ReadonlyMap<K, number>) => [...m].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const nested = <K, L>(m: ReadonlyMap<K, Map<L, number>>) =>
      [...m].map(([k, v]) => [k, entries(v)] as [K, [L, number][]]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return {
      total: this.total,
      kinds: entries(this.kinds),
      levels: entries(this.levels),
      outcomes: entries(this.outcomes),
      categories: entries(this.categories),
      reclassified: entries(this.reclassified),
      reclassifiedTotal: this.reclassifiedTotal,
      leadDays: nested(this.leadDays),
      closed: entries(this.closed),
      deadlines: nested(this.deadlines),
      recommendations: this.recommendations,
      referrals: entries(this.referrals),
      referralsTotal: this.referralsTotal,
      confidantSupported: this.confidantSupported,
      confidantRecommendations: this.confidantRecommendations,
    };
  }

  /**
   * Adds kept counts of one organisation's cases, as if each of those cases were
   * added here. The caller vouches that they were received in this period.
   */
  addCounts(c: TallyCounts, organisationId: string): void {
    if (this.organisationIds && !this.organisationIds.has(organisationId)) {
      throw new Error(`addCounts: organisation "${organisationId}" is not in the list`);
    }
    const add = <K>(into: Map<K, number>, from: [K, number][]) => {
      for (const [k, n] of from) bump(into, k, n);
    };
    const addNested = <K, L>(into: Map<K, Map<L, number>>, from: [K, [L, number][]][]) => {
      for (const [k, inner] of from) {
        let m = into.get(k);
        if (!m) into.set(k, (m = new Map()));
        add(m, inner);
      }
    };
    this.total += c.total;
    add(this.kinds, c.kinds);
    add(this.levels, c.levels);
    add(this.outcomes, c.outcomes);
    add(this.categories, c.categories);
    add(this.reclassified, c.reclassified);
    this.reclassifiedTotal += c.reclassifiedTotal;
    addNested(this.leadDays, c.leadDays);
    add(this.closed, c.closed);
    addNested(this.deadlines, c.deadlines);
    this.recommendations += c.recommendations;
    add(this.referrals, c.referrals);
    this.referralsTotal += c.referralsTotal;
    this.confidantSupported += c.confidantSupported;
    this.confidantRecommendations += c.confidantRecommendations;
    if (this.organisationIds && c.kinds.length > 0) {
      let m = this.byOrganisation.get(organisationId);
      if (!m) this.byOrganisation.set(organisationId, (m = new Map()));
      add(m, c.kinds);
    }
  }
}

/** A tally's counts as JSON (`ReportTally.toCounts`); `[key, count]` pairs. */
export interface TallyCounts {
  total: number;
  kinds: [CaseKind, number][];
  levels: [LevelBody, number][];
  outcomes: [Outcome | 'none', number][];
  categories: [string, number][];
  reclassified: [CaseKind, number][];
  reclassifiedTotal: number;
  leadDays: [CaseKind, [number, number][]][];
  closed: [CaseKind, number][];
  deadlines: [DeadlineKind, [DeadlineStatus, number][]][];
  recommendations: number;
  referrals: [string, number][];
  referralsTotal: number;
  confidantSupported: number;
  confidantRecommendations: number;
}

/**
 * The report over `cases` received in `period`. Pure; the same input gives the
 * same report.
 */
export function buildReport(input: ReportInput): Report {
  const tally = new ReportTally(input.period, input.organisations ? new Set(input.organisations.map((o) => o.id)) : undefined);
  checkPeriod(input.period, input.today);
  for (const c of input.cases) tally.add(c);
  return reportFromTally(tally, input);
}

function checkPeriod(period: ReportPeriod, today: IsoDate) {
  for (const d of [period.from, period.to, today]) if (!isIsoDate(d)) throw new Error(`buildReport: not a date: ${d}`);
  if (period.from > period.to) throw new Error(`buildReport: period ends (${period.to}) before it starts (${period.from})`);
}

/** The report from a tally of its cases; `input.cases` is not read. */
export function reportFromTally(tally: ReportTally, input: Omit<ReportInput, 'cases'>): Report {
  const { period, today } = input;
  checkPeriod(period, today);
  const measures = input.measures ?? [];
  const sheet = new Sheet();
  const filled = <K extends string>(keys: readonly K[], counts: ReadonlyMap<K, number>): Map<K, number> => {
    const out = new Map<K, number>(keys.map((k) => [k, 0]));
    for (const [k, n] of counts) out.set(k, (out.get(k) ?? 0) + n);
    return out;
  };

  // Totals per kind, and the grand total that several breakdowns share.
  const grand = sheet.add(tally.total);
  const kindCounts = filled(CASE_KINDS, tally.kinds);
  const kindCells = new Map(CASE_KINDS.map((k) => [k, sheet.add(kindCounts.get(k)!)]));
  sheet.group(grand, [...kindCells.values()]);

  const partition = <K extends string>(keys: readonly K[], counts: ReadonlyMap<K, number>): Map<K, number> => {
    const cells = new Map<K, number>([...filled(keys, counts)].map(([k, n]) => [k, sheet.add(n)]));
    sheet.group(grand, [...cells.values()]);
    return cells;
  };
  const levelCells = partition(LEVEL_BODIES, tally.levels);
  const outcomeCells = partition<Outcome | 'none'>([...OUTCOMES, 'none'], tally.outcomes);

  // Categories: a case may have several, so the rows are independent cells.
  const categoryKeys = [...CATEGORY_IDS, ...[...tally.categories.keys()].filter((k) => !(CATEGORY_IDS as readonly string[]).includes(k)).sort()];
  const categoryCells = new Map([...filled(categoryKeys, tally.categories)].map(([k, n]) => [k, sheet.add(n)]));

  // Reclassified, by the kind they had: its own additive table.
  const reclassifiedTotal = sheet.add(tally.reclassifiedTotal);
  const reclassifiedCells = new Map([...filled(CASE_KINDS, tally.reclassified)].map(([k, n]) => [k, sheet.add(n)]));
  sheet.group(reclassifiedTotal, [...reclassifiedCells.values()]);

  // Lead times per kind: closed + open = the kind's total.
  const leadCells = CASE_KINDS.map((kind) => {
    const closedN = tally.closed.get(kind) ?? 0;
    const closed = sheet.add(closedN);
    const open = sheet.add(kindCounts.get(kind)! - closedN);
    sheet.group(kindCells.get(kind)!, [closed, open]);
    return { kind, closed, open, days: tally.leadDays.get(kind) ?? new Map<number, number>() };
  });

  // Deadlines per deadline kind, counted per deadline.
  const deadlineCells = DEADLINE_KINDS.map((kind) => {
    const by = filled<DeadlineStatus>(['met', 'missed', 'open'], tally.deadlines.get(kind) ?? new Map());
    const all = [...by.values()].reduce((s, n) => s + n, 0);
    const cells = { met: sheet.add(by.get('met')!), missed: sheet.add(by.get('missed')!), open: sheet.add(by.get('open')!), total: sheet.add(all) };
    sheet.group(cells.total, [cells.met, cells.missed, cells.open]);
    return { kind, ...cells };
  });

  const recommendations = sheet.add(tally.recommendations);

  // Referrals: their own additive table, outside the grand total.
  const referralTotal = sheet.add(tally.referralsTotal);
  const referralCells = new Map([...tally.referrals.keys()].sort().map((k) => [k, sheet.add(tally.referrals.get(k)!)]));
  sheet.group(referralTotal, [...referralCells.values()]);
  const confidantSupported = sheet.add(tally.confidantSupported);
  const confidantRecommendations = sheet.add(tally.confidantRecommendations);

  const measureTotal = sheet.add(measures.length);
  const measureCells = new Map(
    [
      ...countBy(
        MEASURE_STATES,
        measures.map((m) => m.state),
      ),
    ].map(([k, n]) => [k, sheet.add(n)]),
  );
  sheet.group(measureTotal, [...measureCells.values()]);
  const overdue = sheet.add(measures.filter((m) => (m.state === 'planned' || m.state === 'in-progress') && m.dueOn < today).length);
  const doneLate = sheet.add(measures.filter((m) => m.state === 'done' && m.doneOn !== null && m.doneOn > m.dueOn).length);

  // Provider × kind: rows add up to the provider's total, columns to the kind totals above.
  let organisationCells: { id: string; name: string; counts: number[]; total: number }[] | undefined;
  if (input.organisations) {
    organisationCells = input.organisations.map((o) => {
      const by = filled(CASE_KINDS, tally.byOrganisation.get(o.id) ?? new Map());
      const counts = CASE_KINDS.map((k) => sheet.add(by.get(k)!));
      const total = sheet.add([...by.values()].reduce((s, n) => s + n, 0));
      sheet.group(total, counts);
      return { id: o.id, name: o.name, counts, total };
    });
    sheet.group(
      grand,
      organisationCells.map((o) => o.total),
    );
    CASE_KINDS.forEach((k, j) => {
      sheet.group(
        kindCells.get(k)!,
        organisationCells!.map((o) => o.counts[j]!),
      );
    });
  }

  const hidden = suppress(sheet.values, sheet.groups);
  const cell = (i: number): Cell => publishedCell(sheet.values[i]!, hidden[i]!);
  const table = <K extends string>(title: string, cells: Map<K, number>, labels: Readonly<Record<string, string>>, total: number | null, totalLabel: string): CountTable<K> => ({
    title,
    rows: [...cells].map(([key, i]) => ({ key, label: labels[key] ?? key, count: cell(i) })),
    total: total === null ? null : cell(total),
    totalLabel,
  });

  // Statistics: only over 5 or more closed cases whose count is published.
  const stat = (count: number, value: number | null): Cell =>
    hidden[count] || isSmallCount(sheet.values[count]!) ? { value: null, suppressed: true } : { value, suppressed: false };

  const report: Report = {
    period: { ...period },
    madeOn: today,
    minimumCount: MIN_PUBLISHED_COUNT,
    suppressedCells: hidden.filter(Boolean).length,
    totals: table('Aantallen per soort', kindCells, KIND_LABELS, grand, 'Totaal'),
    byLevel: table('Per niveau van behandeling', levelCells, LEVEL_LABELS, grand, 'Totaal'),
    byOutcome: table('Per uitkomst', outcomeCells, OUTCOME_LABELS, grand, 'Totaal'),
    byCategory: table('Per categorie (een zaak kan meer categorieën hebben)', categoryCells, { ...CATEGORY_LABELS, ...input.categoryLabels }, null, ''),
    reclassified: table('Omgezet, naar de eerdere soort', reclassifiedCells, KIND_LABELS, reclassifiedTotal, 'Totaal omgezet'),
    leadTimes: leadCells.map(({ kind, closed, open, days }) => {
      const { median, p90 } = leadTimeStatsOf(days);
      return { kind, label: KIND_LABELS[kind], closed: cell(closed), open: cell(open), medianDays: stat(closed, median), p90Days: stat(closed, p90) };
    }),
    deadlines: deadlineCells.map((d) => {
      const met = cell(d.met);
      const missed = cell(d.missed);
      const decided = sheet.values[d.met]! + sheet.values[d.missed]!;
      const percentMet: Cell =
        met.suppressed || missed.suppressed
          ? { value: null, suppressed: true }
          : { value: decided === 0 ? null : Math.round((100 * sheet.values[d.met]!) / decided), suppressed: false };
      return { kind: d.kind, label: DEADLINE_LABELS[d.kind], met, missed, open: cell(d.open), total: cell(d.total), percentMet };
    }),
    recommendations: cell(recommendations),
    measures: { ...table('Maatregelen', measureCells, MEASURE_LABELS, measureTotal, 'Totaal'), overdue: cell(overdue), doneLate: cell(doneLate) },
    referrals: table('Doorverwezen (geen klacht), per route', referralCells, input.referralLabels ?? {}, referralTotal, 'Totaal doorverwezen'),
    confidants: { supported: cell(confidantSupported), recommendations: cell(confidantRecommendations) },
  };
  if (organisationCells) {
    report.byOrganisation = {
      title: 'Per aanbieder',
      columns: CASE_KINDS.map((k) => ({ key: k, label: KIND_LABELS[k] })),
      rows: organisationCells.map((o) => ({ id: o.id, label: o.name, counts: o.counts.map(cell), total: cell(o.total) })),
    };
  }
  return report;
}

// ---------------------------------------------------------------- CSV

const SUPPRESSED_MARK = '*';
const FOOTNOTE = `${SUPPRESSED_MARK} Niet getoond: een aantal van 1 tot en met 4, of een aantal of cijfer waaruit zo'n aantal af te leiden is. Een 0 wordt wel getoond.`;

/**
 * The report as CSV for a spreadsheet: semicolons (Dutch Excel), one section per
 * table with a title line and Dutch headers, sections separated by an empty line,
 * a suppressed cell as `*`, a footnote at the end. Text that a spreadsheet could
 * read as a formula is prefixed with `'`.
 */
export function reportToCsv(report: Report): string {
  const lines: string[] = [];
  const line = (...fields: (string | Cell | number | null)[]) => lines.push(fields.map(field).join(';'));
  const section = (title: string, header: string[], rows: (string | Cell | number | null)[][]) => {
    lines.push('');
    line(title);
    line(...header);
    for (const row of rows) line(...row);
  };
  const countSection = (t: CountTable, header: string) =>
    section(t.title, [header, 'Aantal'], [...t.rows.map((r) => [r.label, r.count]), ...(t.total ? [[t.totalLabel, t.total]] : [])]);

  line('Klachtenrapportage');
  line('Periode van', report.period.from);
  line('Periode tot en met', report.period.to);
  line('Opgemaakt op', report.madeOn);
  countSection(report.totals, 'Soort');
  if (report.byOrganisation) {
    const o = report.byOrganisation;
    section(
      o.title,
      ['Aanbieder', ...o.columns.map((c) => c.label), 'Totaal'],
      [...o.rows.map((r) => [r.label, ...r.counts, r.total]), ['Totaal', ...report.totals.rows.map((r) => r.count), report.totals.total]],
    );
  }
  countSection(report.byLevel, 'Niveau');
  countSection(report.byOutcome, 'Uitkomst');
  countSection(report.byCategory, 'Categorie');
  countSection(report.reclassified, 'Eerdere soort');
  section(
    'Doorlooptijd in kalenderdagen (van ontvangst tot afsluiting)',
    ['Soort', 'Afgesloten', 'Lopend', 'Mediaan', '90e percentiel'],
    report.leadTimes.map((r) => [r.label, r.closed, r.open, r.medianDays, r.p90Days]),
  );
  section(
    'Termijnen',
    ['Termijn', 'Gehaald', 'Niet gehaald', 'Lopend', 'Totaal', 'Percentage gehaald'],
    report.deadlines.map((r) => [r.label, r.met, r.missed, r.open, r.total, r.percentMet]),
  );
  section('Aanbevelingen', ['', 'Aantal'], [['Aanbevelingen gedaan', report.recommendations]]);
  if (report.confidants) {
    section(
      'Vertrouwenspersonen',
      ['', 'Aantal'],
      [
        ['Klagers gesteund door een vertrouwenspersoon', report.confidants.supported],
        ['Aanbevelingen van vertrouwenspersonen', report.confidants.recommendations],
      ],
    );
  }
  if (report.referrals) countSection(report.referrals, 'Route');
  countSection(report.measures, 'Stand van de maatregel');
  section(
    'Maatregelen over tijd',
    ['', 'Aantal'],
    [
      ['Gepland of in uitvoering, over de einddatum', report.measures.overdue],
      ['Uitgevoerd na de einddatum', report.measures.doneLate],
    ],
  );
  lines.push('');
  line(FOOTNOTE);
  return `${lines.join('\r\n')}\r\n`;
}

function field(v: string | Cell | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  if (typeof v === 'object') return v.suppressed ? SUPPRESSED_MARK : v.value === null ? '' : String(v.value).replace('.', ',');
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
