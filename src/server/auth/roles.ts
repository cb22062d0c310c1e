// The seven roles of API.md, defined once with the regulation schema (a level names the role that handles it).
import { ROLES, type Role } from '../../domain/index.ts';
export { ROLES, type Role };

export interface Membership {
  organisationId: string;
  role: Role;
  teamId: string | null;
}

/** Who is calling: resolved from the session cookie or a bearer token. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  memberships: Membership[];
  via: 'session' | 'token';
  sessionId: string | null;
  /** An organisation requires a second factor of this admin, who has none yet: only enrolment is open. */
  secondFactorEnrolmentRequired?: boolean;
  /**
   * Read with the session, so that a list does not ask again on every request. Absent (an actor
   * made elsewhere) means unknown: ask the database.
   * - supervised: for each oversight membership, the organisations directly under it (parent_id);
   * - onCommittee: an active member of some committee (only they can have cases referred to them);
   * - partyAnywhere: a party to some case, as a respondent (only they see cases as a party, and
   *   need a list's names hidden per case).
   */
  supervised?: Record<string, string[]>;
  onCommittee?: boolean;
  partyAnywhere?: boolean;
}

export function hasRole(actor: Actor, organisationId: string, roles: readonly Role[]): boolean {
  return actor.memberships.some((m) => m.organisationId === organisationId && roles.includes(m.role));
}

/** Platform admins administer everything; an organisation's admins administer that organisation. */
export function canAdminister(actor: Actor, organisationId: string): boolean {
  return actor.platformAdmin || hasRole(actor, organisationId, ['admin']);
}

export function isAnyAdmin(actor: Actor): boolean {
  return actor.platformAdmin || actor.memberships.some((m) => m.role === 'admin');
}
