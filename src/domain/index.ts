/**
 * The regulation engine: the pure domain core of Klachtwijzer. The server imports
 * only from here. No I/O, no clock: pass `now` / `today` in.
 *
 * - Regulations: `regulationSchema`, `parseRegulation`, `regulationJsonSchema`,
 *   `presets`, `getPreset(id, version?)`, `checkRegulation` (errors + law warnings).
 * - Calendar: Amsterdam dates, Atw holidays, working days, months, the Atw shift.
 * - `proposeAdmissibility(regulation, facts, {level?})`.
 * - `computeDeadlines(regulation, state, today)`.
 * - Lifecycle: `createCase`, `applyEvent`, `allowedEvents`, `STATUSES`.
 * - Reports: `buildReport` (one organisation, or a municipality over its providers),
 *   `reportToCsv`, `reportCaseFrom`; small counts suppressed by `anonymise.ts`.
 */

export {
  regulationSchema,
  parseRegulation,
  regulationJsonSchema,
  formatPath,
  CASE_KINDS,
  ROLES,
  COMPLAINANT_ROLES,
  GROUND_CODES,
  CATEGORY_IDS,
  LETTER_KINDS,
  DEADLINE_KINDS,
  OUTCOMES,
  FLAGS,
  HEARING_SKIP_GROUNDS,
  type Regulation,
  type RegulationInput,
  type RegulationIssue,
  type Level,
  type Term,
  type Contact,
  type KindRule,
  type AdmissibilityRules,
  type CaseKind,
  type Role,
  type ComplainantRole,
  type GroundCode,
  type CategoryId,
  type LetterKind,
  type DeadlineKind,
  type Outcome,
  type Flag,
  type HearingSkipGround,
} from './regulation.schema.ts';

export { presets, getPreset, PRESET_IDS, type PresetId } from './presets.ts';
export { retentionEnd, reportDueDates, type ReportDue } from './retention.ts';
export { checkRegulation, lawWarnings, type CheckResult } from './check.ts';

export {
  dutchCalendar,
  createCalendar,
  amsterdamDate,
  isIsoDate,
  addDays,
  addMonths,
  addYears,
  daysBetween,
  dayOfWeek,
  DURATION_UNITS,
  type Calendar,
  type IsoDate,
  type DurationUnit,
  type Holiday,
  type EqualDay,
  type NonWorkingDay,
} from './calendar.ts';

export {
  caseFactsSchema,
  caseEventSchema,
  EVENT_TYPES,
  type CaseFacts,
  type CaseEvent,
  type EventType,
  type RecordedEvent,
  type CaseState,
} from './case.ts';

export { proposeAdmissibility, type AdmissibilityProposal, type ProposedGround, type Proposal } from './admissibility.ts';
export { computeDeadlines, computeTerm, type Deadline, type DeadlineExplanation, type DeadlineStatus } from './deadlines.ts';
export {
  createCase,
  applyEvent,
  allowedEvents,
  isClockRunning,
  isEnded,
  letterRules,
  unreachableEndingFrom,
  escalationTargets,
  handlerAt,
  independentHandler,
  STATUSES,
  STATUS_IDS,
  EVENT_FROM,
  KIND_EVENTS,
  type Status,
  type LifecycleResult,
  type Transition,
  type Refusal,
} from './lifecycle.ts';

export {
  buildReport,
  reportFromTally,
  ReportTally,
  type TallyCounts,
  leadTimeStatsOf,
  reportToCsv,
  reportCaseFrom,
  reportPeriod,
  levelBodyOf,
  leadTimeStats,
  LEVEL_BODIES,
  MEASURE_STATES,
  KIND_LABELS,
  type Report,
  type ReportInput,
  type ReportCase,
  type ReportMeasure,
  type ReportPeriod,
  type CountTable,
  type CountRow,
  type LeadTimeRow,
  type DeadlineRow,
  type OrganisationTable,
  type LevelBody,
  type MeasureState,
} from './reports.ts';
export { suppress, determinedCells, isSmallCount, publishedCell, MIN_PUBLISHED_COUNT, type Cell, type SuppressionGroup } from './anonymise.ts';

import { dutchCalendar } from './calendar.ts';

/** Calendar functions on the Dutch calendar with the Royal Decree days. */
export const isWorkingDay = dutchCalendar.isWorkingDay;
export const addWorkingDays = dutchCalendar.addWorkingDays;
export const workingDaysBetween = dutchCalendar.workingDaysBetween;
export const applyAtw = dutchCalendar.applyAtw;
export const holidays = dutchCalendar.holidays;
export { SEARCH_PREFIX_LENGTHS, searchWords, prefixSearch, startsWords, scopeToken, scopedMatch, type PrefixSearch } from './search.ts';
