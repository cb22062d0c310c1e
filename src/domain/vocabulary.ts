/**
 * The vocabularies of the domain: kinds of case, roles, grounds, categories,
 * letters, deadlines, outcomes, flags. Plain constants with no imports, so the
 * web app's public bundle can share them without the schema library.
 */
/** How a case came in. Written: web, email, post (Awb 9:4 "klaagschrift"; Awb 2:14 electronic). */
export const CHANNELS = ['web', 'email', 'post', 'phone', 'in-person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CASE_KINDS = ['compliment', 'dissatisfaction', 'complaint', 'signal', 'objection'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const ROLES = ['admin', 'complaints-officer', 'manager', 'employee', 'quality-officer', 'committee-member', 'oversight'] as const;
export type Role = (typeof ROLES)[number];

export const COMPLAINANT_ROLES = ['client', 'legal-representative', 'authorised-person', 'estate-administrator', 'surviving-relative', 'partner-organisation'] as const;
/**
 * Every role a regulation may name in `complainantRoles`: the defaults above (what a
 * regulation that names none accepts) and the youth-care roles (Jeugdwet 4.2.1).
 */
export const ALL_COMPLAINANT_ROLES = [...COMPLAINANT_ROLES, 'parent', 'foster-parent', 'young-person'] as const;
export type ComplainantRole = (typeof ALL_COMPLAINANT_ROLES)[number];

export const GROUND_CODES = [
  'time-limit',
  'about-decision',
  'criminal-prosecution',
  'financial-claim',
  'anonymous',
  'external-procedure',
  'already-handled',
  'dispute-body',
  'insufficient-interest',
  /** Missing what the regulation requires at intake (signature, authorisation), not repaired in time (Awb 4:5). */
  'incomplete',
] as const;
export type GroundCode = (typeof GROUND_CODES)[number];

export const CATEGORY_IDS = ['treatment', 'accessibility', 'communication', 'expertise', 'waiting-time', 'privacy', 'agreements-not-kept', 'quality-of-help', 'other'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const LETTER_KINDS = [
  'acknowledgement',
  'complaint-copy',
  'inadmissibility',
  'hearing-invitation',
  'hearing-report',
  'extension',
  'decision',
  'withdrawal',
  'unreachable',
  'referral',
  /** Asks for what is missing at intake, with the term to repair it (Awb 4:5). */
  'repair-request',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const DEADLINE_KINDS = [
  'acknowledgement',
  'first-contact',
  'admissibility-notice',
  'decision',
  'objection',
  /** A term the regulation names itself at a level (`level.namedTerms`). */
  'named',
  /** The term to repair what is missing at intake (Awb 4:5). */
  'repair',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Events a term can be counted from. `received`: receipt at the current level (the
 * day the case reached it); `first-received`: the first receipt of the complaint,
 * across levels (Awb 9:11 "binnen zes weken na ontvangst van het klaagschrift");
 * `hearing-held`: the day the hearing was held; `advised`: the day an advisory committee gave its advice.
 */
export const TERM_ANCHORS = ['received', 'acknowledged', 'contacted', 'decision-date', 'first-received', 'hearing-held', 'advised'] as const;
export type TermAnchor = (typeof TERM_ANCHORS)[number];

export const HEARING_SKIP_GROUNDS = ['manifestly-unfounded', 'waived', 'no-response'] as const;
export type HearingSkipGround = (typeof HEARING_SKIP_GROUNDS)[number];

export const OUTCOMES = ['well-founded', 'partly-well-founded', 'unfounded', 'resolved', 'no-judgement'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What intake may find missing (Awb 4:5 repair). */
export const INTAKE_MISSING = ['signature', 'authorisation'] as const;
export type IntakeMissing = (typeof INTAKE_MISSING)[number];

export const FLAGS = [
  'sexualHarassment',
  'aboutDecision',
  'criminalProsecution',
  'financialClaim',
  'externalProcedure',
  'alreadyHandled',
  'disputeBody',
  'insufficientInterest',
  'privacy',
] as const;
export type Flag = (typeof FLAGS)[number];

export const LAW_REGIMES = ['awb', 'wkkgz', 'jeugdwet', 'wmo'] as const;
export type LawRegime = (typeof LAW_REGIMES)[number];
