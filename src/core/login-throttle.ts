import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { tooMany } from './errors.ts';
import { createHash } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Failed logins are counted per account *and* source address (ASVS 5.0 V6.3.1).
 * After FREE_LOGIN_FAILURES the next try from that address waits, doubling
 * per failure up to MAX_LOGIN_DELAY_S. Nothing refuses the right password from
 * another address, so an attacker cannot lock the owner out.
 */
export const FREE_LOGIN_FAILURES = 5;
export const MAX_LOGIN_DELAY_S = 15 * 60;
/** A day without failures starts the count again. */
const FORGET_MS = 24 * 60 * 60 * 1000;

const keyOf = (email: string, ip: string) => sha256(`${email}\n${ip}`);

export function loginDelaySeconds(failures: number): number {
  if (failures < FREE_LOGIN_FAILURES) return 0;
  return Math.min(MAX_LOGIN_DELAY_S, 2 ** (failures - FREE_LOGIN_FAILURES));
}

/** Throws 429 with retry-after while this account is waiting for this address. */
export async function checkLoginDelay(db: Kysely<DB>, email: string, ip: string, now = Date.now()): Promise<void> {
  const row = await db.selectFrom('login_failures').select('blocked_until').where('key', '=', keyOf(email, ip)).executeTakeFirst();
  if (row?.blocked_until && Date.parse(row.blocked_until) > now) {
    const wait = Math.ceil((Date.parse(row.blocked_until) - now) / 1000);
    throw tooMany(`Too many failed logins for this account from your address. Wait ${wait} seconds and try again.`, wait);
  }
}

export async function recordLoginFailure(db: Kysely<DB>, email: string, ip: string, now = Date.now()): Promise<number> {
  const key = keyOf(email, ip);
  const row = await db.selectFrom('login_failures').select(['failures', 'last_failed_at']).where('key', '=', key).executeTakeFirst();
  const failures = row && now - Date.parse(row.last_failed_at) < FORGET_MS ? row.failures + 1 : 1;
  const delay = loginDelaySeconds(failures);
  const values = {
    failures,
    last_failed_at: new Date(now).toISOString(),
    blocked_until: delay > 0 ? new Date(now + delay * 1000).toISOString() : null,
  };
  await db
    .insertInto('login_failures')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
  return failures;
}

export async function clearLoginFailures(db: Kysely<DB>, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', keyOf(email, ip)).execute();
}

export async function pruneLoginFailures(db: Kysely<DB>, now = Date.now()): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('last_failed_at', '<', new Date(now - FORGET_MS).toISOString())
    .execute();
}
