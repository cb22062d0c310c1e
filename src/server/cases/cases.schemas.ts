import { z } from 'zod';
import { CASE_KINDS, CHANNELS, ALL_COMPLAINANT_ROLES, FLAGS, CATEGORY_IDS } from '../../domain/regulation.schema.ts';

// Input schemas of intake (API.md "Cases") and the case as it leaves the server.

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const instantOrDate = z.union([isoDate, z.iso.datetime({ offset: true })]);
const text = (max: number) => z.string().trim().min(1).max(max);

export { CHANNELS };

export const complainantInput = z
  .object({
    name: text(200),
    role: z.enum(ALL_COMPLAINANT_ROLES),
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^[+0-9 ()-]*$/, 'only digits, spaces and + ( ) -')
      .optional(),
    address: z.string().trim().max(500).optional(),
  })
  .strict();

export const respondentInput = z
  .object({
    name: z.string().trim().max(200).optional(),
    department: z.string().trim().max(200).optional(),
    userId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Somebody who helps or represents the complainant [002 §5.3, 004 §4.4]. */
export const helperInput = z
  .object({
    role: z.enum(['representative', 'confidant', 'client-supporter']),
    name: text(200),
    email: z.email().max(320).optional(),
  })
  .strict();

export const intakeFields = {
  kind: z.enum(CASE_KINDS),
  level: z.string().min(1).max(100).optional(),
  /** The domain of the case (one of the regulation's `domains`), e.g. youth care; it decides which levels apply. */
  domain: z.string().min(1).max(100).optional(),
  categories: z.array(z.enum(CATEGORY_IDS)).max(9).optional(),
  complainant: complainantInput.optional(),
  respondents: z.array(respondentInput).max(20).default([]),
  helpers: z.array(helperInput).max(5).optional(),
  description: text(20_000),
  desiredOutcome: z.string().trim().max(5_000).optional(),
  /** What happened so far: already raised with the team? [000 §3.1] */
  historySoFar: z.string().trim().max(5_000).optional(),
  incidentDates: z.array(isoDate).max(50).optional(),
  knownSince: isoDate.optional(),
  lastContactAt: isoDate.optional(),
  decisionDate: isoDate.optional(),
  flags: z.partialRecord(z.enum(FLAGS), z.boolean()).optional(),
  /** A written complaint is signed; false when it is not, where the regulation requires it (Awb 9:4, Awb 4:5). */
  signed: z.boolean().optional(),
  /** The complainant asks for formal handling at once, where the regulation allows it. */
  formalRequested: z.boolean().optional(),
  /** A representative's written authorisation is shown (Awb 2:1). */
  authorisation: z.boolean().optional(),
  /** New facts or circumstances, for a complaint that repeats one already handled. */
  newFacts: z.string().trim().min(1).max(5_000).optional(),
  /** Consent to inspect the client's personal data for the handling [000 §3.7]. */
  consentToInspect: z.boolean().optional(),
};

export const staffIntakeBody = z
  .object({
    organisationId: z.string().min(1).max(64),
    channel: z.enum(CHANNELS),
    receivedAt: instantOrDate.optional(),
    ...intakeFields,
  })
  .strict();
export type StaffIntake = z.infer<typeof staffIntakeBody>;

export const publicIntakeBody = z
  .object({
    organisationId: z.string().min(1).max(64).optional(),
    organisation: z.string().min(1).max(60).optional().describe('the organisation slug, instead of organisationId'),
    ...intakeFields,
  })
  .strict()
  .refine((b) => b.organisationId || b.organisation, { message: 'name the organisation (organisationId or organisation)', path: ['organisationId'] });
export type PublicIntake = z.infer<typeof publicIntakeBody>;

const groundOut = z.object({ code: z.string(), source: z.string(), basis: z.string().optional(), explanation: z.string().optional() });

export const deadlineOut = z.object({
  kind: z.string(),
  /** For kind 'named': the term the regulation names itself. */
  term: z.object({ id: z.string(), name: z.string() }).optional(),
  level: z.string().nullable(),
  due: z.string(),
  status: z.enum(['open', 'met', 'missed']),
  /** The day it was met, or done late. */
  doneOn: z.string().optional(),
  source: z.string(),
  explanation: z.unknown().optional(),
});

export const eventOut = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  on: z.string(),
  level: z.string(),
  actorUserId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const caseOut = z.object({
  id: z.string(),
  reference: z.string(),
  organisationId: z.string(),
  regulation: z.object({ id: z.string(), version: z.number() }),
  kind: z.string(),
  reclassifiedFrom: z.string().nullable(),
  level: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  receivedAt: z.string(),
  receivedOn: z.string(),
  categories: z.array(z.string()),
  anonymous: z.boolean(),
  /** What the caller may see: full, respondent (no internal notes or documents), process (oversight: no content). */
  view: z.enum(['full', 'respondent', 'process']),
  complainant: z.object({ name: z.string(), role: z.string(), email: z.string().optional(), phone: z.string().optional(), address: z.string().optional() }).nullable().optional(),
  respondents: z.array(z.object({ id: z.string(), name: z.string().nullable(), department: z.string().nullable(), userId: z.string().nullable() })).optional(),
  helpers: z.array(z.object({ id: z.string(), role: z.string(), name: z.string().nullable() })).optional(),
  description: z.string().nullable().optional(),
  desiredOutcome: z.string().nullable().optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
  admissibility: z
    .object({
      proposal: z.enum(['admissible', 'inadmissible', 'needs-judgement']),
      grounds: z.array(groundOut),
      toConsider: z.array(groundOut).optional(),
      decision: z.object({ admissible: z.boolean(), grounds: z.array(z.string()), by: z.string().nullable(), at: z.string() }).optional(),
    })
    .nullable(),
  decision: z
    .object({
      outcome: z.string(),
      motivation: z.string().optional(),
      on: z.string(),
      by: z.string().nullable(),
      approvedBy: z.string().nullable(),
      approvedOn: z.string().nullable(),
    })
    .nullable(),
  outcome: z.string().nullable(),
  deadlines: z.array(deadlineOut),
  nextDue: z.string().nullable(),
  events: z.array(eventOut),
  allowedEvents: z.array(z.string()),
  handlerUserId: z.string().nullable(),
  teamId: z.string().nullable(),
  transferredFrom: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Mail of this case that could not be delivered after every attempt (handling side only). */
  failedMail: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), error: z.string().nullable(), failedAt: z.string().nullable() })).optional(),
  createdAt: z.string(),
});
export type CaseOut = z.infer<typeof caseOut>;
