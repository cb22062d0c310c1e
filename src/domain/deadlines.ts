/**
 * The deadlines of a case, recomputed from its timeline: after an extension, an
 * escalation (a new level starts its own terms), a pause or a reopening. Every
 * deadline explains itself: start, unit and length, days skipped, extensions,
 * pauses, the Algemene termijnenwet shift, and the rule's source.
 */
import { addDays, amsterdamDate, daysBetween, dutchCalendar, type Calendar, type DurationUnit, type IsoDate, type NonWorkingDay } from './calendar.ts';
import { segments, type CaseState, type RecordedEvent, type Segment } from './case.ts';
import type { DeadlineKind, Level, Regulation, Term, TermAnchor } from './regulation.schema.ts';
import { STATUSES } from './status.ts';

export type DeadlineStatus = 'open' | 'met' | 'missed';

export interface DeadlineExplanation {
  /** For a term the regulation names itself: its id and name. */
  term?: { id: string; name: string };
  start: { event: TermAnchor; date: IsoDate };
  length: number;
  unit: DurationUnit;
  /** "Zo spoedig mogelijk": the due date is the latest end. */
  asSoonAsPossible: boolean;
  /** start + length, before extensions, pauses and the Atw. */
  termEnd: IsoDate;
  /** Non-working days passed over while counting working days. */
  skipped: NonWorkingDay[];
  extensions: { on: IsoDate; weeks: number; reason: string; withConsent: boolean; dueAfter: IsoDate }[];
  pauses: { from: IsoDate; to: IsoDate; days: number; reason: string; ongoing: boolean }[];
  atw: { applies: boolean; shiftedFrom?: IsoDate; skipped: NonWorkingDay[] };
  source: string;
  /** One sentence for people. */
  summary: string;
}

export interface Deadline {
  kind: DeadlineKind;
  /** For a named term (kind 'named'): its id and name. */
  term?: { id: string; name: string };
  /** The level whose term this is; null for the objection term. */
  level: string | null;
  due: IsoDate;
  status: DeadlineStatus;
  /** The day the deadline was met or, for a missed one that was done late, done. */
  doneOn?: IsoDate;
  source: string;
  explanation: DeadlineExplanation;
}

/** What meets each level deadline. */
const TERM_KINDS: readonly { key: keyof Level['terms']; kind: DeadlineKind }[] = [
  { key: 'acknowledgement', kind: 'acknowledgement' },
  { key: 'firstContact', kind: 'first-contact' },
  { key: 'admissibilityNotice', kind: 'admissibility-notice' },
  { key: 'decision', kind: 'decision' },
];

function fulfilledBy(kind: DeadlineKind, level: Level): RecordedEvent['type'] {
  switch (kind) {
    case 'acknowledgement':
      return 'acknowledged';
    case 'first-contact':
      return 'contacted';
    case 'admissibility-notice':
      return 'admissibility-decided';
    case 'decision':
      // Under four-eyes a decision is final, and sent, only once approved.
      return level.fourEyes?.required ? 'decision-approved' : 'decided';
    case 'objection':
    case 'named':
    case 'repair':
      return 'closed'; // not a standard level term; see objectionDeadline and namedTerms
  }
}

interface TermInput {
  term: Term & { length: number; unit: DurationUnit };
  startEvent: TermAnchor;
  start: IsoDate;
  extensions?: Extract<RecordedEvent, { type: 'extended' }>[];
  pauses?: { from: IsoDate; to: IsoDate; reason: string; ongoing: boolean }[];
}

/**
 * The due date of one term and its explanation. Order: count the term, add the
 * extensions (weeks), add the paused calendar days, then apply the Atw once at the
 * end. A working-day term that a pause moves onto a non-working day moves on to
 * the next working day, so it still ends on one.
 */
export function computeTerm(input: TermInput, calendar: Calendar = dutchCalendar): { due: IsoDate; explanation: DeadlineExplanation } {
  const { term, start } = input;
  const counted = calendar.addDuration(start, term.length, term.unit);
  let due = counted.date;
  const extensions: DeadlineExplanation['extensions'] = [];
  for (const e of input.extensions ?? []) {
    due = addDays(due, e.weeks * 7);
    extensions.push({ on: e.on, weeks: e.weeks, reason: e.reason, withConsent: e.consent !== undefined, dueAfter: due });
  }
  const pauses: DeadlineExplanation['pauses'] = [];
  for (const p of input.pauses ?? []) {
    if (p.from > due) continue; // a pause after the term ended does not revive it
    const days = daysBetween(p.from, p.to);
    due = addDays(due, days);
    pauses.push({ ...p, days });
  }
  if (term.unit === 'working-days' && pauses.length > 0) due = calendar.applyAtw(due).date;
  let atw: DeadlineExplanation['atw'] = { applies: term.atw, skipped: [] };
  if (term.atw) {
    const shifted = calendar.applyAtw(due);
    atw = shifted.shiftedFrom ? { applies: true, shiftedFrom: shifted.shiftedFrom, skipped: shifted.skipped } : atw;
    due = shifted.date;
  }
  const explanation: DeadlineExplanation = {
    start: { event: input.startEvent, date: start },
    length: term.length,
    unit: term.unit,
    asSoonAsPossible: term.asSoonAsPossible ?? false,
    termEnd: counted.date,
    skipped: counted.skipped,
    extensions,
    pauses,
    atw,
    source: term.source,
    summary: '',
  };
  explanation.summary = summarize(explanation, due);
  return { due, explanation };
}

const UNIT_WORDS: Record<DurationUnit, [string, string]> = {
  'working-days': ['working day', 'working days'],
  'calendar-days': ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
};

/** Anchors whose code does not read as words. */
const ANCHOR_WORDS: Partial<Record<TermAnchor, string>> = {
  'first-received': 'the first receipt of the complaint (across levels)',
  'hearing-held': 'the hearing',
  advised: "the committee's advice",
};

function summarize(x: DeadlineExplanation, due: IsoDate): string {
  const [one, many] = UNIT_WORDS[x.unit];
  const parts = [
    `${x.asSoonAsPossible ? 'As soon as possible, at the latest ' : ''}${x.length} ${x.length === 1 ? one : many} after ${ANCHOR_WORDS[x.start.event] ?? x.start.event} on ${x.start.date}: ${x.termEnd}`,
  ];
  if (x.skipped.length) parts.push(`skipping ${x.skipped.map((d) => `${d.date} (${d.name ?? d.reason})`).join(', ')}`);
  for (const e of x.extensions) parts.push(`extended by ${e.weeks} weeks on ${e.on}${e.withConsent ? ' with written consent' : ''} to ${e.dueAfter}`);
  for (const p of x.pauses) parts.push(`paused ${p.days} days from ${p.from}${p.ongoing ? ' (still paused)' : ` to ${p.to}`}`);
  if (x.atw.shiftedFrom) parts.push(`moved from ${x.atw.shiftedFrom} to ${due} by the Algemene termijnenwet`);
  return `${parts.join('; ')} (${x.source}).`;
}

function statusOf(due: IsoDate, doneOn: IsoDate | undefined, stoppedOn: IsoDate | undefined, today: IsoDate): DeadlineStatus | 'moot' {
  if (doneOn !== undefined) return doneOn <= due ? 'met' : 'missed';
  // The case left this level or ended without it: missed if the term had run out, moot otherwise.
  if (stoppedOn !== undefined) return stoppedOn > due ? 'missed' : 'moot';
  return today > due ? 'missed' : 'open';
}

function anchorDate(anchor: TermAnchor, segment: Segment, chain: readonly Segment[]): IsoDate | undefined {
  switch (anchor) {
    case 'received':
      return segment.receivedOn;
    case 'first-received':
      return chain[0]!.receivedOn;
    case 'acknowledged':
      return segment.events.find((e) => e.type === 'acknowledged')?.on;
    case 'contacted':
      return segment.events.find((e) => e.type === 'contacted')?.on;
    case 'hearing-held':
      return segment.events.find((e) => e.type === 'hearing-held')?.on;
    case 'advised':
      return segment.events.find((e) => e.type === 'advised')?.on;
    case 'decision-date':
      return undefined;
  }
}

/** Whether a term applies to this case: a term for written complaints only counts for one received in writing (Awb 9:4). */
export function termApplies(term: Pick<Term, 'channels'>, facts: CaseState['facts']): boolean {
  // A case from before the channel was kept gets the term: better shown than silently lost.
  return !term.channels || facts.channel === undefined || term.channels.includes(facts.channel);
}

/**
 * The segments a term of `segments[i]` may look back over: from the start of the
 * case, or of its last reopening (a reopened case starts its terms anew), up to i.
 */
function chainOf(all: readonly Segment[], i: number): Segment[] {
  let start = i;
  while (start > 0 && all[start]!.events[0]?.type !== 'reopened') start--;
  return all.slice(start, i + 1);
}

/** The events of the current level a term counts over; from the first receipt, those of the levels below as well. */
export function currentTermEvents(state: CaseState, term: Pick<Term, 'from'> | undefined): RecordedEvent[] {
  const all = segments(state);
  const scope = term?.from === 'first-received' ? chainOf(all, all.length - 1) : [all.at(-1)!];
  return scope.flatMap((s) => s.events);
}

/** Acts done once per complaint: done at a lower level, they count for a term from the first receipt. */
const ONCE_PER_COMPLAINT: readonly DeadlineKind[] = ['acknowledgement', 'first-contact', 'admissibility-notice'];

function pausesOf(segment: Segment, today: IsoDate): NonNullable<TermInput['pauses']> {
  const out: NonNullable<TermInput['pauses']> = [];
  let open: { from: IsoDate; reason: string } | undefined;
  for (const e of segment.events) {
    if (e.type === 'paused') open = { from: e.on, reason: e.reason };
    if (e.type === 'resumed' && open) {
      out.push({ ...open, to: e.on, ongoing: false });
      open = undefined;
    }
  }
  if (open) out.push({ ...open, to: segment.endedOn ?? today, ongoing: segment.endedOn === undefined });
  return out;
}

/** The day the case ended, when its status is an end state. */
function endedOn(state: CaseState): IsoDate | undefined {
  if (!STATUSES[state.status].ended) return undefined;
  return state.events.at(-1)?.on ?? state.facts.receivedOn;
}

/**
 * Every deadline of the case at `today` (a date or an instant), oldest level first.
 * A deadline the case no longer needs (it left the level or ended before the term
 * ran out) is left out; one that ran out first stays, as missed.
 */
export function computeDeadlines(regulation: Regulation, state: CaseState, today: IsoDate | Date, calendar: Calendar = dutchCalendar): Deadline[] {
  const day = amsterdamDate(today);
  const out: Deadline[] = [];
  const objection = objectionDeadline(regulation, state, day, calendar);
  if (objection) out.push(objection);
  if (state.kind === 'objection') return out;
  // A compliment is passed on [000 §2] and a signal feeds analysis [002 §2.5]: the
  // level terms (contact, acknowledgement, decision) are for complaints and dissatisfaction.
  if (state.kind === 'compliment' || state.kind === 'signal') return out;

  const caseEnd = endedOn(state);
  const all = segments(state);
  const repair = repairDeadline(regulation, state, all[0]!, day, calendar);
  if (repair) out.push(repair);
  all.forEach((segment, i) => {
    const level = regulation.levels.find((l) => l.id === segment.level);
    if (!level) return;
    const chain = chainOf(all, i);
    const reopened = segment.events[0]?.type === 'reopened';
    const terms: { term: Term; kind: DeadlineKind; metBy: RecordedEvent['type']; named?: { id: string; name: string } }[] = [
      ...TERM_KINDS.flatMap(({ key, kind }) => (level.terms[key] ? [{ term: level.terms[key]!, kind, metBy: fulfilledBy(kind, level) }] : [])),
      ...(level.namedTerms ?? []).map((t) => ({
        term: t,
        kind: 'named' as const,
        metBy: (t.metBy === 'decided' && level.fourEyes?.required ? 'decision-approved' : t.metBy) as RecordedEvent['type'],
        named: { id: t.id, name: t.name },
      })),
    ];
    for (const { term, kind, metBy, named } of terms) {
      if (term.length === undefined || term.unit === undefined) continue;
      if (!termApplies(term, state.facts)) continue;
      // A reopened case was acknowledged and judged admissible before; it cannot be again,
      // so these terms would only ever turn missed (EVENT_FROM: acknowledged only while received).
      const once = metBy === 'acknowledged' || metBy === 'admissibility-decided';
      if (reopened && once) continue;
      const start = anchorDate(term.from, segment, chain);
      if (!start) continue; // counted from an event that has not happened yet
      const wide = term.from === 'first-received';
      const scope = wide ? chain : [segment];
      const scopeEvents = scope.flatMap((s) => s.events);
      const { due, explanation } = computeTerm(
        {
          term: { ...term, length: term.length, unit: term.unit },
          startEvent: term.from,
          start,
          extensions: kind === 'decision' ? scopeEvents.filter((e) => e.type === 'extended') : [],
          pauses: scope.flatMap((s) => (regulation.levels.find((l) => l.id === s.level)?.pause?.allowed ? pausesOf(s, day) : [])),
        },
        calendar,
      );
      if (named) {
        explanation.term = named;
        explanation.summary = `${named.name}: ${explanation.summary}`;
      }
      const doneIn = wide && (ONCE_PER_COMPLAINT.includes(kind) || metBy === 'acknowledged' || metBy === 'contacted') ? scopeEvents : segment.events;
      const done = doneIn.find((e) => e.type === metBy);
      const stoppedOn = segment.endedOn ?? caseEnd;
      const status = statusOf(due, done?.on, stoppedOn, day);
      if (status === 'moot') continue;
      out.push({ kind, ...(named ? { term: named } : {}), level: level.id, due, status, ...(done ? { doneOn: done.on } : {}), source: term.source, explanation });
    }
  });
  return out;
}

/** The default term to repair what is missing at intake, when the regulation names none. */
const DEFAULT_REPAIR_TERM: Term = { length: 2, unit: 'weeks', from: 'received', atw: true, source: 'Awb 4:5 (product default: 2 weeks)' };

/** The term to repair what intake found missing (Awb 4:5), met when it came in. */
function repairDeadline(regulation: Regulation, state: CaseState, first: Segment, today: IsoDate, calendar: Calendar): Deadline | undefined {
  if (!state.facts.missing?.length) return undefined;
  const term = regulation.intake?.repairTerm ?? DEFAULT_REPAIR_TERM;
  if (term.length === undefined || term.unit === undefined) return undefined;
  const { due, explanation } = computeTerm({ term: { ...term, length: term.length, unit: term.unit }, startEvent: 'received', start: first.receivedOn }, calendar);
  const done = state.events.find((e) => e.type === 'repaired');
  const ended = state.events.find((e) => e.type === 'admissibility-decided' || e.type === 'withdrawn');
  const status = statusOf(due, done?.on, done ? undefined : ended?.on, today);
  if (status === 'moot') return undefined;
  return { kind: 'repair', level: first.level, due, status, ...(done ? { doneOn: done.on } : {}), source: term.source, explanation };
}

/** Where to object and by when [000 §1, 002 §2.2]: met when the case was referred in time. */
function objectionDeadline(regulation: Regulation, state: CaseState, today: IsoDate, calendar: Calendar): Deadline | undefined {
  if (state.kind !== 'objection' || !state.facts.decisionDate) return undefined;
  const rule = regulation.kinds.find((k) => k.kind === 'objection');
  if (rule?.kind !== 'objection' || rule.term.length === undefined || rule.term.unit === undefined) return undefined;
  const { due, explanation } = computeTerm(
    { term: { ...rule.term, length: rule.term.length, unit: rule.term.unit }, startEvent: 'decision-date', start: state.facts.decisionDate },
    calendar,
  );
  const referredOn = state.status === 'referred' ? state.facts.receivedOn : undefined;
  const status = referredOn !== undefined ? (referredOn <= due ? 'met' : 'missed') : today > due ? 'missed' : 'open';
  return { kind: 'objection', level: null, due, status, ...(referredOn ? { doneOn: referredOn } : {}), source: rule.term.source, explanation };
}
