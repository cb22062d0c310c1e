/** Shapes of the JSON API (slice 1). Kept here so the web app has no server imports. */
export const ROLES = [
  'admin',
  'complaints-officer',
  'manager',
  'employee',
  'quality-officer',
  'committee-member',
  'oversight',
] as const;
export type Role = (typeof ROLES)[number];

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
}

export interface NewApiToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
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
