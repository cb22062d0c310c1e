import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { ancestorsOf } from '../organisations/organisations.repository.ts';

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
}

const HANDLING_ROLES: readonly Role[] = ['complaints-officer', 'manager', 'admin', 'quality-officer'];

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
  opts: { committeeLevel: boolean },
): Promise<CaseAccess | null> {
  const inOrg = actor.memberships.filter((m) => m.organisationId === c.organisation_id).map((m) => m.role);
  const isRespondent =
    inOrg.length > 0 &&
    (await db.selectFrom('case_parties').select('id').where('case_id', '=', c.id).where('role', '=', 'respondent').where('user_id', '=', actor.userId).executeTakeFirst()) !== undefined;
  if (isRespondent) return { view: 'respondent', canHandle: false };
  if (inOrg.some((r) => HANDLING_ROLES.includes(r)) || c.handler_user_id === actor.userId) return { view: 'full', canHandle: true };
  if (inOrg.includes('committee-member') && opts.committeeLevel) return { view: 'full', canHandle: true };
  if (inOrg.includes('oversight')) return { view: 'process', canHandle: false };
  const above = await ancestorsOf(db, c.organisation_id);
  if (actor.memberships.some((m) => above.includes(m.organisationId) && m.role === 'oversight')) return { view: 'process', canHandle: false };
  if (actor.platformAdmin) return { view: 'process', canHandle: false };
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
      const children = await db.selectFrom('organisations').select('id').where('parent_id', '=', m.organisationId).execute();
      for (const ch of children) process.add(ch.id);
    } else own.add(m.organisationId);
  }
  for (const id of full) {
    own.delete(id);
    process.delete(id);
  }
  return { full: [...full], own: [...own], process: [...process] };
}
