/**
 * Shapes of the JSON API (slice 1). Kept here so the web app has no server
 * imports; the roles come from the domain's vocabulary, which imports nothing.
 */
import type { Role } from '../../domain/vocabulary.ts';

export { ROLES } from '../../domain/vocabulary.ts';
export type { Role } from '../../domain/vocabulary.ts';

export interface Membership {
  organisationId: string;
  organisationName: string;
  role: Role;
  teamId: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  active: boolean;
  platformAdmin: boolean;
  memberships: Membership[];
  createdAt: string;
}

export interface Address {
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  slug: string;
  regulationId: string;
  parentId: string | null;
  address: Address | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  /** The public pages' look. */
  branding?: { logo: string | null; color: string | null };
  createdAt: string;
}

export interface Team {
  id: string;
  organisationId: string;
  name: string;
}

export interface Regulation {
  id: string;
  name: string;
  version: string | number;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Null for tokens made before tokens expired. */
  expiresAt: string | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export function isAdmin(user: User | null | undefined): boolean {
  return !!user && (user.platformAdmin || user.memberships.some((m) => m.role === 'admin'));
}

/** A colleague in an organisation (GET /organisations/{id}/members). */
export interface Member {
  id: string;
  name: string;
  roles: string[];
  teamIds: string[];
}

/** The organisation ids where the user has one of `roles`. */
export function orgsWithRole(user: User, roles: readonly Role[]): string[] {
  return [...new Set(user.memberships.filter((m) => roles.includes(m.role)).map((m) => m.organisationId))];
}

/** Roles that work with cases (and see the work queue). Oversight sees process data only. */
export const CASE_ROLES: readonly Role[] = ['admin', 'complaints-officer', 'manager', 'employee', 'quality-officer', 'committee-member'];
/** Roles that see the dashboard and the reports of their organisation. */
export const REPORT_ROLES: readonly Role[] = ['admin', 'complaints-officer', 'quality-officer', 'manager'];
/** Roles that keep the measures register (managers: the measures they own). */
export const MEASURE_ROLES: readonly Role[] = ['admin', 'complaints-officer', 'quality-officer', 'manager'];
/** Roles that register and follow up any measure. */
export const MEASURE_MANAGERS: readonly Role[] = ['admin', 'complaints-officer', 'quality-officer'];

export function worksWithCases(user: User): boolean {
  return user.memberships.some((m) => CASE_ROLES.includes(m.role));
}
