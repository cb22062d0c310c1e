import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import type { Actor, Role } from './roles.ts';

export const SESSION_COOKIE = 'kw_session';
/** Sliding session: ends after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_MS = 60 * 1000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(db: Kysely<DB>, userId: string, ip: string | null): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(secret),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + SESSION_IDLE_MS).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      ip,
    })
    .execute();
  return secret;
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function createApiToken(db: Kysely<DB>, userId: string, name: string) {
  const token = `kw_${randomBytes(32).toString('base64url')}`;
  const row = { id: newId(), user_id: userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null, revoked_at: null };
  await db.insertInto('api_tokens').values(row).execute();
  return { id: row.id, name, token, createdAt: row.created_at };
}

async function actorFor(db: Kysely<DB>, userId: string, via: Actor['via'], sessionId: string | null): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'platform_admin', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.active !== 1) return null;
  const ms = await db
    .selectFrom('memberships')
    .select(['organisation_id', 'role', 'team_id'])
    .where('user_id', '=', userId)
    .execute();
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platform_admin === 1,
    memberships: ms.map((m) => ({ organisationId: m.organisation_id, role: m.role as Role, teamId: m.team_id })),
    via,
    sessionId,
  };
}

export async function actorFromSession(db: Kysely<DB>, secret: string): Promise<Actor | null> {
  const id = sha256(secret);
  const s = await db.selectFrom('sessions').select(['user_id', 'expires_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
  const now = Date.now();
  if (!s || Date.parse(s.expires_at) <= now) return null;
  if (now - Date.parse(s.last_seen_at) > TOUCH_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + SESSION_IDLE_MS).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return actorFor(db, s.user_id, 'session', id);
}

export async function actorFromToken(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const t = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!t) return null;
  const now = Date.now();
  if (!t.last_used_at || now - Date.parse(t.last_used_at) > TOUCH_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date(now).toISOString() }).where('id', '=', t.id).execute();
  }
  return actorFor(db, t.user_id, 'token', null);
}
