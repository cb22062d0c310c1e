import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { ancestorsOf } from '../organisations/organisations.repository.ts';
import { isReferredToMembersCommittee } from '../committees/committees.repository.ts';
import { getRegulation } from '../regulations/regulations.service.ts';

/**
 * What a caller may see and do with one case.
 * - full: the handling side (complaints officer, manager, quality officer,
 *   admin of the organisation, the assigned handler, a committee member once
 *   the case is at a committee level).
 * - respondent: a person complained about: reads the case and shared
 *   documents, never internal notes or internal documents, never handles it [004 §1].
 * - process: oversight (the municipality above a provider, or a platform
 *   admin without a membership): process data only, no content [001 §2A].
 */
export type CaseView = 'full' | 'respondent' | 'process';

export interface CaseAccess {
  view: CaseView;
  /** May record events, upload, assign: the handling side, never a respondent. */
  canHandle: boolean;
  /** May record the events that decide, advise, approve or close at the case's current level. */
  canDecide: boolean;
  /** Granted as a member of a shared committee the case was referred to (issue 9 §2.4): audited as committee-member. */
  committee?: boolean;
  /**
   * At a level that advises (Awb 9:14), the organisation's board decides on the advice: its own handling
   * tier records `decided`, not the committee that advised.
   */
  mayDecideOnAdvice?: boolean;
}

const HANDLING_ROLES: readonly Role[] = ['complaints-officer', 'manager', 'admin', 'quality-officer'];

/** The roles that may register what came by post, phone, e-mail or in person: the handling side. */
export const REGISTERING_ROLES = HANDLING_ROLES;

/** Events that decide, advise, approve or close: only the level's handler role may record them. */
export const DECISIVE_EVENTS: ReadonlySet<string> = new Set(['admissibility-decided', 'decided', 'advised', 'decision-approved', 'decision-returned', 'closed']);

/** The organisation's own handling tier: any of them may act at a level handled by one of them. */
const INTERNAL_TIER: readonly Role[] = ['complaints-officer', 'manager', 'admin'];

/**
 * Whether someone with these roles may decide at a level whose regulation names `handlerRole`.
 * A work-floor level (employee) may also be decided by the internal tier above it; a level of
 * the internal tier by that tier; a committee level only by its committee members, and any
 * other role only by itself.
 */
export function mayDecideAt(roles: readonly Role[], handlerRole: Role, strict = false): boolean {
  if (roles.includes(handlerRole)) return true;
  // Moved for independence (issue 9 §2.5): only the role the regulation named, not the tier around the first handler.
  if (strict) return false;
  if (handlerRole === 'employee' || INTERNAL_TIER.includes(handlerRole)) return roles.some((r) => INTERNAL_TIER.includes(r));
  return false;
}

export interface CaseRef {
  id: string;
  organisation_id: string;
  handler_user_id: string | null;
  level: string;
}

export async function accessTo(
  db: Kysely<DB>,
  actor: Actor,
  c: CaseRef,
  /** Who decides at the case's level: its handler role, `strict` when the regulation moved the case to it (issue 9 §2.5). */
  level: { handlerRole: Role; strict?: boolean; coordinatorRole?: Role | undefined; advises?: boolean } | undefined,
): Promise<CaseAccess | null> {
  // The actor's memberships are read fresh for every request (auth.service), and a
  // deactivated account has no session or token: every grant below needs a current
  // membership of the case's organisation, the assigned handler's too.
  const inOrg = actor.memberships.filter((m) => m.organisationId === c.organisation_id).map((m) => m.role);
  // partyAnywhere (read with the session, this request): a user who is a party to no case is no respondent here.
  const isRespondent =
    inOrg.length > 0 &&
    actor.partyAnywhere !== false &&
    (await db.selectFrom('case_parties').select('id').where('case_id', '=', c.id).where('role', '=', 'respondent').where('user_id', '=', actor.userId).executeTakeFirst()) !==
      undefined;
  const readOnly = (view: CaseView): CaseAccess => ({ view, canHandle: false, canDecide: false });
  if (isRespondent) return readOnly('respondent');
  // A coordinator beside the handler (issue 12) coordinates but decides only when also holding the handler role.
  const deciding = level?.coordinatorRole ? inOrg.filter((r) => r !== level.coordinatorRole || r === level.handlerRole) : inOrg;
  const handling = (): CaseAccess => ({
    view: 'full',
    canHandle: true,
    canDecide: level !== undefined && mayDecideAt(deciding, level.handlerRole, level.strict),
    ...(level?.advises && { mayDecideOnAdvice: inOrg.some((r) => INTERNAL_TIER.includes(r)) }),
  });
  if (inOrg.some((r) => HANDLING_ROLES.includes(r)) || (inOrg.length > 0 && c.handler_user_id === actor.userId)) return handling();
  if (inOrg.includes('committee-member') && level?.handlerRole === 'committee-member') return handling();
  // A shared committee's member (issue 9 §2.4) handles a case of a served organisation only
  // while it is at the level referred to the committee; nothing else of that organisation.
  if (level?.handlerRole === 'committee-member' && (await isReferredToMembersCommittee(db, actor.userId, c))) {
    return { view: 'full', canHandle: true, canDecide: mayDecideAt(['committee-member'], level.handlerRole), committee: true, ...(level.advises && { mayDecideOnAdvice: false }) };
  }
  if (level?.coordinatorRole && inOrg.includes(level.coordinatorRole)) return handling();
  if (inOrg.includes('oversight')) return readOnly('process');
  const above = await ancestorsOf(db, c.organisation_id);
  if (actor.memberships.some((m) => above.includes(m.organisationId) && m.role === 'oversight')) return readOnly('process');
  if (actor.platformAdmin) return readOnly('process');
  return null;
}

/** The organisations whose cases the caller may list, with the view they get. */
export async function listableOrganisations(db: Kysely<DB>, actor: Actor): Promise<{ full: string[]; own: string[]; process: string[] }> {
  const full = new Set<string>();
  const own = new Set<string>(); // employees and committee members: only cases assigned to them
  const process = new Set<string>();
  for (const m of actor.memberships) {
    if (HANDLING_ROLES.includes(m.role)) full.add(m.organisationId);
    else if (m.role === 'oversight') {
      process.add(m.organisationId);
      const children =
        actor.supervised?.[m.organisationId] ?? (await db.selectFrom('organisations').select('id').where('parent_id', '=', m.organisationId).execute()).map((ch) => ch.id);
      for (const ch of children) process.add(ch);
    } else own.add(m.organisationId);
  }
  for (const id of full) {
    own.delete(id);
    process.delete(id);
  }
  return { full: [...full], own: [...own], process: [...process] };
}

/**
 * The levels an actor coordinates in organisations where they otherwise see only their own
 * cases: the regulation names their role as a level's coordinator (issue 12).
 */
export async function coordinatedLevels(db: Kysely<DB>, actor: Actor, ownOrgs: readonly string[]): Promise<{ organisationId: string; levels: string[] }[]> {
  if (ownOrgs.length === 0) return [];
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'regulation_id'])
    .where('id', 'in', [...ownOrgs])
    .execute();
  const out: { organisationId: string; levels: string[] }[] = [];
  for (const o of orgs) {
    const roles = actor.memberships.filter((m) => m.organisationId === o.id).map((m) => m.role);
    const regulation = (await getRegulation(db, o.regulation_id))?.regulation;
    const levels = (regulation?.levels ?? []).filter((l) => l.coordinator && roles.includes(l.coordinator.role)).map((l) => l.id);
    if (levels.length) out.push({ organisationId: o.id, levels });
  }
  return out;
}
