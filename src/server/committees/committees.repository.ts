import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

// One complaints committee for several organisations (issue 9 §2.4): the queries the
// case routes and the adoption rule need. The routes are in committees.routes.ts.

type Db = Kysely<DB>;

/**
 * When a case reaches a level that its organisation handed to a shared committee (an
 * active link, accepted by the organisation), the case is referred to that committee.
 * Idempotent; an organisation that left refers nothing new.
 */
export async function referToCommittee(db: Db, c: { id: string; organisation_id: string; level: string }, now: string): Promise<void> {
  const links = await db
    .selectFrom('committee_organisations')
    .select('committee_id')
    .where('organisation_id', '=', c.organisation_id)
    .where('status', '=', 'active')
    .where('level_id', '=', c.level)
    .execute();
  for (const l of links) {
    const known = await db
      .selectFrom('committee_referrals')
      .select('case_id')
      .where('committee_id', '=', l.committee_id)
      .where('case_id', '=', c.id)
      .where('level', '=', c.level)
      .executeTakeFirst();
    if (!known)
      await db
        .insertInto('committee_referrals')
        .values({ committee_id: l.committee_id, case_id: c.id, level: c.level, organisation_id: c.organisation_id, referred_at: now })
        .execute();
  }
}

/** Whether the user sits (now) on a committee this case was referred to at the level it is at. */
export async function isReferredToMembersCommittee(db: Db, userId: string, c: { id: string; level: string }): Promise<boolean> {
  const row = await db
    .selectFrom('committee_referrals as r')
    .innerJoin('committee_members as m', 'm.committee_id', 'r.committee_id')
    .select('r.case_id')
    .where('r.case_id', '=', c.id)
    .where('r.level', '=', c.level)
    .where('m.user_id', '=', userId)
    .where('m.ended_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ids of the cases referred to the user's committees that are still at the referred level (a subquery for the work queue). */
export function referredCaseIds(db: Db, userId: string) {
  return db
    .selectFrom('committee_referrals as r')
    .innerJoin('committee_members as m', 'm.committee_id', 'r.committee_id')
    .innerJoin('cases as rc', 'rc.id', 'r.case_id')
    .select('r.case_id')
    .where('m.user_id', '=', userId)
    .where('m.ended_at', 'is', null)
    .whereRef('rc.level', '=', 'r.level');
}

/** The organisations whose cases were referred to the user's committees. */
export async function organisationsReferringTo(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('committee_referrals as r')
    .innerJoin('committee_members as m', 'm.committee_id', 'r.committee_id')
    .select('r.organisation_id')
    .distinct()
    .where('m.user_id', '=', userId)
    .where('m.ended_at', 'is', null)
    .execute();
  return rows.map((r) => r.organisation_id);
}

/** A regulation a committee that serves this organisation shares with it (its common regulation). */
export async function isSharedWith(db: Db, regulationId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('committees as c')
    .innerJoin('committee_organisations as o', 'o.committee_id', 'c.id')
    .select('c.id')
    .where('c.regulation_id', '=', regulationId)
    .where('o.organisation_id', '=', organisationId)
    .where('o.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the user may read a regulation owned by `ownerId` because of a committee: they sit on
 * a committee that serves the owner (they apply its rules), or one of their organisations is
 * served by a committee that shares this regulation.
 */
export async function committeeMayReadRegulation(db: Db, userId: string, memberOrgs: string[], regulationId: string, ownerId: string): Promise<boolean> {
  const sitting = await db
    .selectFrom('committee_members as m')
    .innerJoin('committee_organisations as o', 'o.committee_id', 'm.committee_id')
    .select('m.committee_id')
    .where('m.user_id', '=', userId)
    .where('m.ended_at', 'is', null)
    .where('o.organisation_id', '=', ownerId)
    .where('o.status', 'in', ['active', 'left'])
    .executeTakeFirst();
  if (sitting) return true;
  for (const org of memberOrgs) if (await isSharedWith(db, regulationId, org)) return true;
  return false;
}
