import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { namedStatement } from '../../db/pg-named.ts';
import { newId, nowIso } from '../../core/ids.ts';
import type { Actor, Role } from './roles.ts';

/** Over plain http (development); under https the cookie is `__Host-kw_session`. */
export const SESSION_COOKIE = 'kw_session';
/**
 * The `__Host-` prefix makes the browser refuse the cookie unless it is Secure,
 * has Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it.
 */
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

/** How long a session lives: `idleMs` without a request, `maxMs` at most since login (ASVS 5.0 V7.3). */
export type { SessionPolicy } from '../../core/config.ts';
import type { SessionPolicy } from '../../core/config.ts';
/** The defaults of SESSION_IDLE_MINUTES and SESSION_MAX_HOURS. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;

/** last_seen_at is written at most this often, not on every request. */
const TOUCH_MS = 60 * 1000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const sessionEnd = (createdMs: number, now: number, p: SessionPolicy) => new Date(Math.min(now + p.idleMs, createdMs + p.maxMs)).toISOString();

export async function createSession(db: Kysely<DB>, userId: string, ip: string | null, policy: SessionPolicy): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(secret),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: sessionEnd(now, now, policy),
      last_seen_at: new Date(now).toISOString(),
      ip,
    })
    .execute();
  return secret;
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function createApiToken(db: Kysely<DB>, userId: string, name: string, expiresAt: string) {
  const token = `kw_${randomBytes(32).toString('base64url')}`;
  const row = { id: newId(), user_id: userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null, revoked_at: null, expires_at: expiresAt };
  await db.insertInto('api_tokens').values(row).execute();
  return { id: row.id, name, token, createdAt: row.created_at, expiresAt };
}

/**
 * Ends what lets someone act as this user: every session (but `keepSessionId`),
 * every API token, every half-done second-factor login. Called when the
 * password changes or is reset, and when the user is deactivated.
 */
export async function endCredentials(db: Kysely<DB>, userId: string, keepSessionId: string | null = null): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
  await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await db.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
}

type UserRow = {
  user_id: string;
  email: string;
  name: string;
  platform_admin: number;
  active: number;
  on_committee: number | boolean;
  party_anywhere: number | boolean;
  must_enrol: number | boolean;
  /** [id, organisation_id, role, team_id, child_id] per row: JSON text on SQLite, parsed by the driver on PostgreSQL. */
  membership_rows: string | [string, string, string, string | null, string | null][] | null;
};
/**
 * The user's columns an actor is made of, read in the same statement as the session or token, with
 * three facts every case list needs, so that none of them is another statement per request.
 * must_enrol: this admin has no second factor and must enrol one before doing anything else: an
 * organisation they administer requires it; a platform admin administers every organisation, so
 * any organisation requiring it covers them too.
 */
const USER_COLUMNS = [
  'u.email',
  'u.name',
  'u.platform_admin',
  'u.active',
  sql<number | boolean>`exists (select 1 from committee_members cm where cm.user_id = u.id and cm.ended_at is null)`.as('on_committee'),
  sql<number | boolean>`exists (select 1 from case_parties cp where cp.user_id = u.id)`.as('party_anywhere'),
  sql<number | boolean>`case when u.totp_secret is not null then 0
    when exists (select 1 from memberships am inner join organisation_security os on os.organisation_id = am.organisation_id
      where am.user_id = u.id and am.role = ${'admin'} and os.admin_second_factor_required = 1) then 1
    when u.platform_admin = 1 and exists (select 1 from organisation_security os where os.admin_second_factor_required = 1) then 1
    else 0 end`.as('must_enrol'),
] as const;

/**
 * The memberships, and the organisations directly under each oversight membership
 * (listableOrganisations), as one JSON column of the same statement: on PostgreSQL a statement
 * is a round trip and a plan, and every staff request needs these.
 */
const membershipRows = (db: Kysely<DB>) => {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const row = pg ? sql`json_build_array(m.id, m.organisation_id, m.role, m.team_id, ch.id)` : sql`json_array(m.id, m.organisation_id, m.role, m.team_id, ch.id)`;
  const agg = pg ? sql`coalesce(json_agg(${row}), '[]'::json)` : sql`json_group_array(${row})`;
  return sql<UserRow['membership_rows']>`(select ${agg} from memberships m
    left join organisations ch on ch.parent_id = m.organisation_id and m.role = ${'oversight'}
    where m.user_id = u.id)`.as('membership_rows');
};

function actorFor(user: UserRow, via: Actor['via'], sessionId: string | null): Actor | null {
  if (user.active !== 1) return null;
  const raw = user.membership_rows;
  const rows = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as NonNullable<Exclude<UserRow['membership_rows'], string>>;
  const memberships = new Map<string, Actor['memberships'][number]>();
  const supervised: Record<string, string[]> = {};
  for (const [id, organisationId, role, teamId, childId] of rows) {
    if (!memberships.has(id)) memberships.set(id, { organisationId, role: role as Role, teamId });
    if (role === 'oversight') (supervised[organisationId] ??= []).push(...(childId === null ? [] : [childId]));
  }
  return {
    userId: user.user_id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platform_admin === 1,
    memberships: [...memberships.values()],
    via,
    sessionId,
    secondFactorEnrolmentRequired: Number(user.must_enrol) === 1,
    supervised,
    onCommittee: Number(user.on_committee) === 1,
    partyAnywhere: Number(user.party_anywhere) === 1,
  };
}

export async function actorFromSession(db: Kysely<DB>, secret: string, policy: SessionPolicy): Promise<Actor | null> {
  const id = sha256(secret);
  // One statement for the session and its user: every authenticated request starts here.
  const s = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.created_at', 's.expires_at', 's.last_seen_at', ...USER_COLUMNS, membershipRows(db)])
    .where('s.id', '=', id)
    // A lookup by the session's key: one plan fits every session (namedStatement).
    .modifyFront(namedStatement)
    .executeTakeFirst();
  const now = Date.now();
  const created = s ? Date.parse(s.created_at) : 0;
  // The absolute end is checked against created_at, so a lower SESSION_MAX_HOURS also ends older sessions.
  if (!s || Date.parse(s.expires_at) <= now || created + policy.maxMs <= now) return null;
  if (now - Date.parse(s.last_seen_at) > TOUCH_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: sessionEnd(created, now, policy) })
      .where('id', '=', id)
      .execute();
  }
  return actorFor(s, 'session', id);
}

export async function actorFromToken(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const t = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.last_used_at', 't.expires_at', ...USER_COLUMNS, membershipRows(db)])
    .where('t.token_hash', '=', sha256(token))
    .where('t.revoked_at', 'is', null)
    .modifyFront(namedStatement)
    .executeTakeFirst();
  const now = Date.now();
  if (!t || (t.expires_at !== null && Date.parse(t.expires_at) <= now)) return null;
  if (!t.last_used_at || now - Date.parse(t.last_used_at) > TOUCH_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(now).toISOString() })
      .where('id', '=', t.id)
      .execute();
  }
  return actorFor(t, 'token', null);
}
