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
  created_at: string;
  updated_at: string;
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

export interface DB {
  regulations: RegulationsTable;
  organisations: OrganisationsTable;
  teams: TeamsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  job_leases: JobLeasesTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type UserUpdate = Updateable<UsersTable>;
