/** Shapes of the case API (slice 4) and small pure helpers shared by the back office and the public pages. */

// The domain's vocabularies and statuses, shared rather than copied: both modules
// are plain constants without imports, so they add nothing else to the bundle.
export { CASE_KINDS, CATEGORY_IDS, COMPLAINANT_ROLES, OUTCOMES } from '../../domain/vocabulary.ts';
export type { CaseKind } from '../../domain/vocabulary.ts';
export { STATUS_IDS } from '../../domain/status.ts';
export type { Status as StatusId } from '../../domain/status.ts';

/** Intake channels (the server's CHANNELS; the domain has no plain list of them). */
export const CHANNELS = ['web', 'email', 'post', 'phone', 'in-person'] as const;

export interface CaseListItem {
  id: string;
  reference: string;
  organisationId: string;
  kind: string;
  level: string;
  status: string;
  receivedOn: string;
  categories: string[];
  nextDue: string | null;
  overdue: boolean;
  handlerUserId: string | null;
  teamId?: string | null;
  complainantName?: string | null;
}

export interface NonWorkingDay {
  date: string;
  reason?: string;
  name?: string;
}

export interface DeadlineExplanation {
  start?: { event: string; date: string };
  length?: number;
  unit?: string;
  termEnd?: string;
  skipped?: NonWorkingDay[];
  atw?: { applies: boolean; shiftedFrom?: string; skipped?: NonWorkingDay[] };
  asSoonAsPossible?: boolean;
  extensions?: { on: string; weeks: number; reason: string; withConsent: boolean; dueAfter: string }[];
  pauses?: { from: string; to: string; days: number; reason: string; ongoing: boolean }[];
  summary?: string;
  source?: string;
}

export interface CaseDeadline {
  kind: string;
  level: string | null;
  due: string;
  status: 'open' | 'met' | 'missed';
  /** The day it was met, or done late. */
  doneOn?: string;
  source: string;
  explanation?: DeadlineExplanation;
}

export interface CaseEventOut {
  id: string;
  type: string;
  at: string;
  on: string;
  level: string;
  actorUserId: string | null;
  data?: Record<string, unknown>;
}

export interface Ground {
  code: string;
  source: string;
  basis?: string;
  explanation?: string;
}

export interface CaseDetail {
  id: string;
  reference: string;
  organisationId: string;
  regulation: { id: string; version: number };
  kind: string;
  reclassifiedFrom: string | null;
  level: string;
  status: string;
  statusLabel: string;
  channel: string;
  receivedAt: string;
  receivedOn: string;
  categories: string[];
  anonymous: boolean;
  view: 'full' | 'respondent' | 'process';
  complainant?: { name: string; role: string; email?: string; phone?: string; address?: string } | null;
  respondents?: { id: string; name: string | null; department: string | null; userId: string | null }[];
  helpers?: { id: string; role: string; name: string | null }[];
  description?: string | null;
  desiredOutcome?: string | null;
  facts?: Record<string, unknown>;
  admissibility: {
    proposal: 'admissible' | 'inadmissible' | 'needs-judgement';
    grounds: Ground[];
    toConsider?: Ground[];
    decision?: { admissible: boolean; grounds: string[]; by: string | null; at: string };
  } | null;
  decision: { outcome: string; motivation?: string; on: string; by: string | null; approvedBy: string | null; approvedOn: string | null } | null;
  outcome: string | null;
  deadlines: CaseDeadline[];
  nextDue: string | null;
  events: CaseEventOut[];
  allowedEvents: string[];
  handlerUserId: string | null;
  teamId: string | null;
  transferredFrom: string | null;
  closedAt: string | null;
  /** Mail of this case that could not be delivered (handling side only). */
  failedMail?: { id: string; to: string; subject: string; error: string | null; failedAt: string | null }[];
  createdAt: string;
}

export interface DocumentOut {
  id: string;
  name: string;
  mime: string;
  size: number;
  kind: string;
  shared: boolean;
  createdAt: string;
}

export interface LetterOut {
  id: string;
  kind: string;
  recipient: string;
  documentId: string | null;
  eventId: string | null;
  createdAt: string;
}

export interface Contact {
  id: string;
  name: string;
  role: string;
  postalAddress?: string[];
  email?: string;
  url?: string;
  phone?: string;
  source: string;
}

export interface Term {
  length?: number;
  unit?: string;
  from?: string;
  atw?: boolean;
  asSoonAsPossible?: boolean;
  source: string;
}

export interface RegulationLevel {
  id: string;
  name: string;
  handlerRole: string;
  body?: string;
  entry?: boolean;
  kinds: string[];
  escalatesTo?: string[];
  scope?: string;
  terms?: Partial<Record<'acknowledgement' | 'firstContact' | 'admissibilityNotice' | 'decision', Term>>;
  extension?: { allowed: boolean; maxWeeks?: number; furtherWithWrittenConsent?: boolean; source: string };
  pause?: { allowed: boolean; reasons?: string[]; source: string };
  hearing?: { mode: string; skipGrounds?: string[]; reportRequired?: boolean; source: string };
  mediation?: { available: boolean; source: string };
  fourEyes?: { required: boolean; source: string };
  outcomes?: string[];
  unreachable?: { after: { length: number; unit: string }; from: string; source: string };
  admissibility?: AdmissibilityRules;
  source: string;
}

export interface AdmissibilityRules {
  timeLimits?: { id: string; length: number; unit: string; from: string; source: string }[];
  grounds?: { code: string; basis: string; stopsHandling?: boolean; source: string }[];
}

export interface KindRule {
  kind: string;
  referTo?: string;
  term?: Term;
  source: string;
}

export interface FullRegulation {
  id: string;
  version: number;
  name: string;
  description?: string;
  /** The description in Dutch, where the regulation gives it. */
  descriptionNl?: string;
  organisationType?: string;
  adoptedOn?: string;
  kinds: KindRule[];
  anonymous?: { becomes: string; source: string };
  complainantRoles?: { allowed: string[]; source: string };
  intake?: { channels: string[]; free?: boolean; source: string };
  levels: RegulationLevel[];
  /** Reopening (and a repeated complaint) only with new facts or circumstances (issue 9 §2.10). */
  reopening?: { onlyWithNewFacts: boolean; source: string };
  admissibility: AdmissibilityRules;
  contacts: Contact[];
  categories: { id: string; name: string; source: string }[];
  retention?: { length: number; unit: string; source: string };
  documents?: { id: string; title: string; url?: string }[];
  /** Reports the regulation asks for; `dueBefore` as MM-DD (an annual report to the public: in the year after). */
  reports?: { period: 'year' | 'half-year'; to: string; dueBefore?: string[]; source: string }[];
  /** The laws the regulation follows (e.g. the Jeugdwet: committee opinions need measures within a month). */
  regimes?: { law: string; source: string }[];
  /** Which letters go to whom; a decision letter rule may name the parts its recipients read (issue 13). */
  letters?: { kind: string; to: string[]; levels?: string[]; parts?: string[]; source: string }[];
  /** Whether confidants may follow a case with the complainant's consent; allowed when absent. */
  confidants?: { allowed: boolean; source: string };
  /** Where what is not a complaint is referred to. */
  referrals?: { id: string; name: string; contactId?: string; url?: string; email?: string; phone?: string; source: string }[];
}

export interface PublicOrganisation {
  id: string;
  name: string;
  slug: string;
  /** What this organisation's references look like, e.g. STADSR-2026-0001. */
  referenceExample?: string;
  branding?: { logo: string | null; color: string | null };
  email: string | null;
  phone: string | null;
  website: string | null;
  address: { street: string | null; postalCode: string | null; city: string | null };
  regulation: { id: string; version: number; name: string };
  kinds: KindRule[];
  anonymous: { becomes: string; source: string } | null;
  complainantRoles: { allowed: string[]; source: string } | null;
  categories: { id: string; name: string; source: string }[];
  contacts: Contact[];
  levels: { id: string; name: string; entry: boolean }[];
  /** Whether formal handling may be asked at once for a complaint without a domain. */
  formalOnRequest?: boolean;
  /** The domains a complaint may belong to, with whether formal handling may be asked at once there. */
  domains?: { id: string; name: string; formalOnRequest: boolean }[];
  /** A complaint must name its domain. */
  domainRequired?: boolean;
}

export interface PublicStatus {
  reference: string;
  organisation: { name: string; email: string | null; phone: string | null; slug?: string; branding?: { logo: string | null; color: string | null } };
  kind: string;
  status: string;
  statusLabel: string;
  ended: boolean;
  level: { id: string; name: string };
  receivedOn: string;
  nextDeadline: { kind: string; due: string } | null;
  /** By when the complainant hears what is done with the complaint. */
  answerDue?: string | null;
  /** The judgement, once final. */
  outcome?: string | null;
  canWithdraw: boolean;
  timeline: { type: string; on: string }[];
  letters: { id: string; kind: string; createdAt: string; documentId: string | null }[];
  documents: { id: string; name: string; createdAt: string }[];
  /** Who looked at the case, by role and organisation (never a name), newest first. */
  viewedBy?: { at: string; role: string | null; organisation: string | null }[];
}

/** Today's date in Amsterdam as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return addDaysIso(date, days);
}

/** Calendar days from `from` to `to` (negative when `to` lies before `from`). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/**
 * Working days left until `due`, for a term counted in working days: the days
 * after today up to and including the due date, less weekends and the
 * non-working days the server's explanation lists. Null when the term is not
 * counted in working days or is overdue (then calendar days tell more).
 */
export function workingDaysLeft(deadline: CaseDeadline, today: string): number | null {
  const unit = deadline.explanation?.unit;
  if (unit !== 'working-days' && unit !== 'workingDays' && unit !== 'working_days') return null;
  if (deadline.due < today) return null;
  const skipped = new Set([...(deadline.explanation?.skipped ?? []), ...(deadline.explanation?.atw?.skipped ?? [])].map((d) => d.date));
  let count = 0;
  let day = today;
  // Bounded: no term runs longer than a year or two.
  for (let i = 0; i < 800 && day < deadline.due; i++) {
    day = addDaysIso(day, 1);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !skipped.has(day)) count++;
  }
  return count;
}

export type TrafficLight = 'green' | 'orange' | 'red' | 'done';

/** Red: overdue; orange: due within five days; green: more time. Met deadlines are done. */
export function trafficLight(deadline: Pick<CaseDeadline, 'due' | 'status'>, today: string): TrafficLight {
  if (deadline.status === 'met') return 'done';
  if (deadline.status === 'missed' || deadline.due < today) return 'red';
  return calendarDaysBetween(today, deadline.due) <= 5 ? 'orange' : 'green';
}

/** The status token from a status URL such as https://host/status/abc. */
export function tokenFromStatusUrl(statusUrl: string): string {
  const match = /\/status\/([^/?#]+)/.exec(statusUrl);
  return match ? decodeURIComponent(match[1] as string) : '';
}

/**
 * The step a handler most likely takes next, preselected in "Kies een stap":
 * approve a colleague's decision, confirm receipt, decide admissibility, hold or
 * plan the hearing, decide, close. Empty when none of these is possible now.
 */
export function suggestedStep(c: Pick<CaseDetail, 'status' | 'events' | 'admissibility'>, allowed: readonly string[]): string {
  const can = (type: string) => allowed.includes(type);
  // Only what happened at the current level counts (after the last escalation or reopening).
  const since = c.events.map((e) => e.type).lastIndexOf('escalated');
  const here = c.events.slice(Math.max(since, c.events.map((e) => e.type).lastIndexOf('reopened')) + 1).map((e) => e.type);
  const hearing = here.filter((t) => t.startsWith('hearing-')).at(-1);
  if (can('decision-approved')) return 'decision-approved';
  if (can('acknowledged')) return 'acknowledged';
  if (can('admissibility-decided') && !c.admissibility?.decision && !here.includes('admissibility-decided')) return 'admissibility-decided';
  if (hearing === 'hearing-scheduled' && can('hearing-held')) return 'hearing-held';
  if (!hearing && can('hearing-scheduled') && !can('decided')) return 'hearing-scheduled';
  if (can('decided')) return 'decided';
  if (can('closed')) return 'closed';
  return '';
}
