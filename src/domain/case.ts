/**
 * The facts of a case and its timeline: the input of admissibility, deadlines and
 * the lifecycle. Zod schemas here validate what the server receives.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from './calendar.ts';
import {
  CASE_KINDS,
  CHANNELS,
  ALL_COMPLAINANT_ROLES,
  FLAGS,
  GROUND_CODES,
  INTAKE_MISSING,
  HEARING_SKIP_GROUNDS,
  OUTCOMES,
  type CaseKind,
  type GroundCode,
  type Outcome,
  type Role,
} from './regulation.schema.ts';
import type { Status } from './status.ts';

const isoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');
const text = z.string().trim().min(1);

export const caseFactsSchema = z.object({
  kind: z.enum(CASE_KINDS),
  /** The day the complaint was received (not registered) [DOMAIN: intake]. */
  receivedOn: isoDate,
  /** How it came in; terms of a written complaint depend on it (Awb 9:4). Absent in cases from before it was kept. */
  channel: z.enum(CHANNELS).optional(),
  /** Absent or null for an anonymous report. */
  complainant: z
    .object({ role: z.enum(ALL_COMPLAINANT_ROLES) })
    .nullable()
    .optional(),
  incidentDates: z.array(isoDate).optional(),
  knownSince: isoDate.optional(),
  lastContactAt: isoDate.optional(),
  decisionDate: isoDate.optional(),
  flags: z.partialRecord(z.enum(FLAGS), z.boolean()).optional(),
  /** What intake found: signed (a written complaint), a representative's written authorisation shown. */
  signed: z.boolean().optional(),
  /** The complainant asks for formal handling at once, skipping the informal level. */
  formalRequested: z.boolean().optional(),
  authorisation: z.boolean().optional(),
  /** The domain of the case (an id of the regulation's `domains`), e.g. youth care; levels may apply to some domains only. */
  domain: z.string().min(1).max(100).optional(),
  /** The reference of an earlier, ended case this complaint repeats (same complainant and respondent or subject). */
  repeatOf: z.string().min(1).optional(),
  /** The new facts or circumstances the complainant states, which make a repeated complaint worth handling again. */
  newFacts: text.optional(),
  /** What the regulation requires and intake found missing (Awb 4:5). */
  missing: z.array(z.enum(INTAKE_MISSING)).optional(),
});
export type CaseFacts = z.infer<typeof caseFactsSchema>;

const base = {
  /** Who recorded it; required where four-eyes applies. */
  actorId: z.string().min(1).optional(),
  /** The day it happened, when earlier than the day it is recorded. */
  on: isoDate.optional(),
};

export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('acknowledged') }),
  z.object({ ...base, type: z.literal('contacted'), note: z.string().optional() }),
  z.object({ ...base, type: z.literal('admissibility-decided'), admissible: z.boolean(), grounds: z.array(z.enum(GROUND_CODES)).optional() }),
  z.object({
    ...base,
    type: z.literal('hearing-scheduled'),
    /** When: an instant with offset, or Amsterdam local time 'YYYY-MM-DDTHH:mm'. */
    at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/, 'expected a date and time, e.g. 2026-12-01T14:30'),
    /** Where, as the invitation letter names it [004 §6.5]. */
    place: z.string().trim().min(1).max(300).optional(),
  }),
  z.object({ ...base, type: z.literal('hearing-held'), report: z.string().optional() }),
  z.object({ ...base, type: z.literal('hearing-skipped'), ground: z.enum(HEARING_SKIP_GROUNDS) }),
  z.object({ ...base, type: z.literal('mediation'), agreements: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal('decided'),
    outcome: z.enum(OUTCOMES),
    motivation: text,
    points: z.array(z.object({ description: text, outcome: z.enum(OUTCOMES) })).optional(),
    recommendations: z.array(text).optional(),
    /** Why the board departs from an advisory committee's advice (Awb 9:15). */
    departureReason: text.optional(),
  }),
  /** An advisory level's advice; the board decides after it (Awb 9:14). */
  z.object({ ...base, type: z.literal('advised'), outcome: z.enum(OUTCOMES), motivation: text, recommendations: z.array(text).optional() }),
  z.object({ ...base, type: z.literal('decision-approved') }),
  z.object({ ...base, type: z.literal('decision-returned'), reason: text }),
  z.object({
    ...base,
    type: z.literal('extended'),
    weeks: z.number().int().positive().max(52),
    reason: text,
    /** The complainant's written consent, required for any delay beyond the one extension (Awb 9:11). */
    consent: z.object({ recordedOn: isoDate, document: z.string().optional() }).optional(),
  }),
  z.object({ ...base, type: z.literal('paused'), reason: text }),
  z.object({ ...base, type: z.literal('resumed'), reason: text }),
  z.object({ ...base, type: z.literal('escalated'), toLevel: text }),
  z.object({ ...base, type: z.literal('withdrawn'), reason: z.string().optional() }),
  z.object({ ...base, type: z.literal('complainant-unreachable') }),
  z.object({ ...base, type: z.literal('closed') }),
  z.object({
    ...base,
    type: z.literal('reopened'),
    circumstances: text,
    /** New facts or circumstances, where the regulation reopens only with them. */ newFacts: text.optional(),
  }),
  z.object({ ...base, type: z.literal('transferred'), organisationId: text }),
  /** What was missing at intake has come in (Awb 4:5). */
  z.object({ ...base, type: z.literal('repaired'), note: z.string().optional() }),
  /** Not a complaint (something broken in the street, a request for help): referred to a route the regulation names [issue 9 §2.9]. */
  z.object({ ...base, type: z.literal('referred'), referralId: text, reason: z.string().trim().max(2000).optional() }),
]);
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type EventType = CaseEvent['type'];
export const EVENT_TYPES = caseEventSchema.options.map((o) => o.shape.type.value) as readonly EventType[];

/** An event as kept in the timeline: the day it happened and the instant it was recorded. */
export type RecordedEvent = CaseEvent & { on: IsoDate; recordedAt: string };

export interface CaseState {
  /** The regulation version the case started under; it keeps it. */
  regulation: { id: string; version: number };
  kind: CaseKind;
  /** Set when the case changed kind (an anonymous complaint became a signal, dissatisfaction became a complaint). */
  reclassifiedFrom?: CaseKind;
  facts: CaseFacts;
  status: Status;
  /** The level the case started at. */
  startLevel: string;
  /** The level it is at now. */
  level: string;
  paused: boolean;
  hearing: 'none' | 'scheduled' | 'held' | 'skipped';
  /**
   * Who handles at `level` when the regulation moved the case away from a respondent who holds
   * the level's handler role (issue 9 §2.5); only while the case is at that level.
   */
  handler?: { level: string; role: Role; source: string };
  /** The advice of an advisory level, before the board decides. */
  advice?: { outcome: Outcome; motivation: string; on: IsoDate };
  admissibility?: { admissible: boolean; grounds: GroundCode[]; on: IsoDate; by?: string };
  decision?: {
    outcome: Outcome;
    motivation: string;
    on: IsoDate;
    by?: string;
    approvedBy?: string;
    approvedOn?: IsoDate;
  };
  /** The timeline, oldest first. */
  events: RecordedEvent[];
}

/**
 * A stretch of the case at one level: from receipt at the level (or reopening) to
 * the next escalation or reopening. Level deadlines are counted per segment.
 */
export interface Segment {
  level: string;
  receivedOn: IsoDate;
  events: RecordedEvent[];
  /** The day the next segment began; absent for the current segment. */
  endedOn?: IsoDate;
}

export function segments(state: Pick<CaseState, 'facts' | 'events' | 'startLevel'>): Segment[] {
  const out: Segment[] = [{ level: state.startLevel, receivedOn: state.facts.receivedOn, events: [] }];
  for (const event of state.events) {
    const current = out[out.length - 1]!;
    if (event.type === 'escalated' || event.type === 'reopened') {
      current.endedOn = event.on;
      out.push({ level: event.type === 'escalated' ? event.toLevel : current.level, receivedOn: event.on, events: [event] });
    } else {
      current.events.push(event);
    }
  }
  return out;
}
