import type { Insertable, Selectable, Updateable } from 'kysely';

// Row types of every table. Instants are ISO 8601 UTC strings, dates are
// 'YYYY-MM-DD', flags are 0/1 integers and JSON is text: the one subset that
// SQLite and PostgreSQL store and sort the same way.

export interface OrganisationsTable {
  id: string;
  name: string;
  slug: string;
  regulation_id: string;
  parent_id: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  /** Logo for the public pages, as a data: URI (PNG, JPEG or SVG). */
  logo: string | null;
  /** Brand colour #rrggbb for the public pages. */
  brand_color: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransferPartnersTable {
  organisation_id: string;
  partner_id: string;
  created_by: string | null;
  created_at: string;
}

export interface IdentityProvidersTable {
  id: string;
  /** null: for the whole installation. */
  organisation_id: string | null;
  name: string;
  issuer: string;
  client_id: string;
  /** AES-256-GCM under SECRETS_KEY; never shown back. */
  client_secret_enc: string | null;
  /** Or the name of an environment variable that holds the secret. */
  client_secret_env: string | null;
  scopes: string;
  email_claim: string;
  name_claim: string;
  groups_claim: string | null;
  /** JSON [{group, organisationId, role}]. */
  role_mappings: string;
  /** 1: password login stays on for this organisation's people. */
  password_login: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface UserIdentitiesTable {
  provider_id: string;
  subject: string;
  user_id: string;
  created_at: string;
}

export interface SsoRequestsTable {
  state_hash: string;
  provider_id: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: string;
}

export interface SsoSessionsTable {
  session_id: string;
  provider_id: string;
  id_token: string;
}

export interface TeamsTable {
  id: string;
  organisation_id: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  platform_admin: number;
  active: number;
  created_at: string;
  updated_at: string;
  /** Base32 TOTP secret once confirmed; null while there is no second factor. */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** The last time step accepted, so a code cannot be used twice. */
  totp_last_step: number | null;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  role: string;
  team_id: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Null for tokens made before tokens expired. */
  expires_at: string | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  /** SHA-256 of the code: the codes are random, so no slow hash is needed. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface LoginChallengesTable {
  id: string;
  user_id: string;
  ip: string | null;
  created_at: string;
  expires_at: string;
  attempts: number;
}

/** An organisation's sign-in policy; no row means the defaults. */
export interface OrganisationSecurityTable {
  organisation_id: string;
  /** 0/1: the organisation's admins must sign in with a second factor. */
  admin_second_factor_required: number;
  updated_at: string;
}

export interface LoginFailuresTable {
  key: string;
  failures: number;
  last_failed_at: string;
  blocked_until: string | null;
}

export interface AuditLogTable {
  /** UUIDv7: ordered by time, so keyset paging by id is paging by time. */
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_email: string | null;
  ip: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  organisation_id: string | null;
  /** What the action was about when there is no entity, e.g. the e-mail of a failed login. */
  subject: string | null;
  details: string | null;
  /** Place in the hash chain (1, 2, ...); null only for a row written around the app. */
  seq: number | null;
  /** The actor's role when acting: a membership role, 'platform-admin', 'complainant' or 'system'. */
  actor_role: string | null;
  prev_hash: string | null;
  /** SHA-256 over the entry's RFC 8785 canonical content and prev_hash (src/server/audit/chain.ts). */
  hash: string | null;
}

/** The chain's head (one row, id 1), updated in every append's transaction: it serialises appends. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Signed checkpoints of the head; a 'cut' marks where pruned entries end. */
export interface AuditCheckpointsTable {
  id: string;
  seq: number;
  hash: string;
  at: string;
  kind: 'periodic' | 'cut';
  signature: string;
}

/** The last verification of the chain (one row, id 1), for /healthz. */
export interface AuditVerificationTable {
  id: number;
  checked_at: string;
  ok: number;
  passed_at: string | null;
  entries: number;
  problem: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface RegulationsTable {
  id: string;
  version: number;
  organisation_id: string;
  base_id: string;
  name: string;
  /** The whole regulation as JSON, validated by the domain schema before it is stored. */
  data: string;
  created_at: string;
  created_by: string | null;
}

export interface CasesTable {
  id: string;
  organisation_id: string;
  /** Readable, per organisation and year, e.g. SR51-2026-0007. */
  reference: string;
  year: number;
  seq: number;
  regulation_id: string;
  regulation_version: number;
  kind: string;
  level: string;
  status: string;
  channel: string;
  received_at: string;
  received_on: string;
  /** JSON array of category ids. */
  categories: string;
  anonymous: number;
  /** JSON {name, role, email?, phone?, address?}; null for anonymous reports. */
  complainant: string | null;
  description: string | null;
  desired_outcome: string | null;
  /** JSON: incidentDates, knownSince, lastContactAt, decisionDate, flags. */
  facts: string;
  /** JSON: the lifecycle state the domain reducer works on. */
  state: string;
  /** JSON: {proposal, grounds, decision?}. */
  admissibility: string | null;
  outcome: string | null;
  handler_user_id: string | null;
  team_id: string | null;
  /** SHA-256 of the complainant's secret status link. */
  status_token_hash: string | null;
  /** Earliest open deadline: the work queue's sort key. */
  next_due: string | null;
  /**
   * 1 once the deadline monitor saw next_due pass; 0 whenever next_due is written. A hint for
   * overdue=true (two partial indexes), never the answer: the list checks next_due itself.
   */
  overdue_marked: number;
  transferred_from: string | null;
  closed_at: string | null;
  retain_until: string | null;
  destroyed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  row_version: number;
}

export interface CasePartiesTable {
  id: string;
  case_id: string;
  role: string;
  name: string | null;
  department: string | null;
  user_id: string | null;
  email: string | null;
  created_at: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  type: string;
  at: string;
  on_date: string;
  level: string;
  actor_user_id: string | null;
  data: string;
}

export interface CaseCountersTable {
  organisation_id: string;
  year: number;
  seq: number;
}

export interface CaseDeadlinesTable {
  case_id: string;
  idx: number;
  kind: string;
  level: string;
  organisation_id: string;
  due: string;
  status: string;
  /** When met, or done late, or (settled) the day the case ended; null while outstanding. */
  done_on: string | null;
  source: string;
  explanation: string;
  reminded_at: string | null;
  alerted_at: string | null;
}

export interface DocumentsTable {
  id: string;
  case_id: string;
  kind: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  shared: number;
  content: Buffer | Uint8Array | null;
  uploaded_by: string | null;
  created_at: string;
}

export interface CaseNotesTable {
  id: string;
  case_id: string;
  author_user_id: string | null;
  text: string | null;
  internal: number;
  created_at: string;
}

export interface CaseConfidantsTable {
  id: string;
  case_id: string;
  name: string;
  email: string | null;
  token_hash: string | null;
  consent_on: string;
  consent_note: string | null;
  registered_by: string;
  registered_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface ConfidantRecommendationsTable {
  id: string;
  case_id: string;
  confidant_id: string;
  text: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface LettersTable {
  id: string;
  case_id: string;
  kind: string;
  event_id: string | null;
  document_id: string | null;
  recipient: string;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  case_id: string | null;
  organisation_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  attachment_document_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** The sender that claimed the row, and until when: no other sender touches it meanwhile. */
  claimed_by: string | null;
  claimed_until: string | null;
  /** Set when the row gave up ('failed'): after the attempt limit or a permanent refusal. */
  failed_at: string | null;
  /** 'mail-failure-alert' for the alerts about failed mail (never alerted about themselves). */
  purpose: string | null;
}

/** A public filing acknowledged and durable, whose case is not written yet (migration 906). */
export interface IntakeInboxTable {
  id: string;
  organisation_id: string;
  received_at: string;
  status_token_hash: string;
  plan: string;
  attempts: number;
  last_error: string | null;
}

export interface IdempotencyKeysTable {
  /** SHA-256 of the organisation and the client's Idempotency-Key. */
  key_hash: string;
  organisation_id: string;
  body_hash: string;
  /** The first answer, AES-GCM under a key derived from the Idempotency-Key and the body. */
  answer: string;
  case_id: string;
  expires_at: string;
}

export interface CaseSearchTable {
  case_id: string;
  /** The organisation's token (scopeToken, migration 910), so that a search can ask for one organisation's entries. */
  scope: string | null;
  /** Reference, names and description, for full-text search. */
  body: string;
}

export interface MeasuresTable {
  id: string;
  organisation_id: string;
  case_id: string | null;
  title: string;
  recommendation: string | null;
  owner_user_id: string | null;
  due_on: string;
  /** planned | in-progress | done | dropped */
  state: string;
  evidence: string | null;
  done_on: string | null;
  reminded_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportDeliveriesTable {
  organisation_id: string;
  year: number;
  half: number;
  delivered_at: string;
  delivered_by: string | null;
  /** The anonymised report as delivered (JSON). */
  report: string;
}

/** A complaints committee that may serve several organisations (issue 9 §2.4). */
export interface CommitteesTable {
  id: string;
  name: string;
  /** Whose admins manage it; null: the installation's administrators. */
  managing_organisation_id: string | null;
  /** The common regulation the served organisations may adopt (a preset or the managing organisation's own). */
  regulation_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CommitteeOrganisationsTable {
  committee_id: string;
  organisation_id: string;
  /** invited | active | declined | left */
  status: string;
  /** The level of the organisation's regulation the committee handles (set on acceptance). */
  level_id: string | null;
  invited_by: string | null;
  invited_at: string;
  answered_by: string | null;
  answered_at: string | null;
  left_at: string | null;
}

export interface CommitteeMembersTable {
  committee_id: string;
  user_id: string;
  /** chair | member */
  role: string;
  appointed_by: string | null;
  appointed_at: string;
  ended_at: string | null;
}

export interface CommitteeReferralsTable {
  committee_id: string;
  case_id: string;
  level: string;
  organisation_id: string;
  referred_at: string;
}

/** Raised by triggers whenever something a report counts of a closed case received in the month changes. */
export interface ReportMonthsTable {
  organisation_id: string;
  /** YYYY-MM of received_on. */
  month: string;
  generation: number;
}

/** Kept counts of an organisation's closed cases received in a month, true while `generation` is the month's. */
export interface ReportTalliesTable {
  organisation_id: string;
  month: string;
  generation: number;
  /** JSON {counts: TallyCounts, referralLabels}. */
  counts: string;
  computed_at: string;
}

export interface DB {
  report_months: ReportMonthsTable;
  report_tallies: ReportTalliesTable;
  committees: CommitteesTable;
  committee_organisations: CommitteeOrganisationsTable;
  committee_members: CommitteeMembersTable;
  committee_referrals: CommitteeReferralsTable;
  case_counters: CaseCountersTable;
  measures: MeasuresTable;
  report_deliveries: ReportDeliveriesTable;
  case_search: CaseSearchTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  case_events: CaseEventsTable;
  case_deadlines: CaseDeadlinesTable;
  documents: DocumentsTable;
  case_notes: CaseNotesTable;
  case_confidants: CaseConfidantsTable;
  confidant_recommendations: ConfidantRecommendationsTable;
  letters: LettersTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  intake_inbox: IntakeInboxTable;
  regulations: RegulationsTable;
  organisations: OrganisationsTable;
  teams: TeamsTable;
  transfer_partners: TransferPartnersTable;
  identity_providers: IdentityProvidersTable;
  user_identities: UserIdentitiesTable;
  sso_requests: SsoRequestsTable;
  sso_sessions: SsoSessionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  login_failures: LoginFailuresTable;
  organisation_security: OrganisationSecurityTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_verification: AuditVerificationTable;
  rate_limits: RateLimitsTable;
  job_leases: JobLeasesTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type UserUpdate = Updateable<UsersTable>;
