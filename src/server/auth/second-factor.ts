import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import { renderSVG } from 'uqr';
import type { DB } from '../../db/schema.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { sha256 } from './auth.service.ts';

// TOTP (RFC 6238: SHA-1, 6 digits, 30 s), what every authenticator app reads.

export const RECOVERY_CODE_COUNT = 10;
/** A code from the step before or after is accepted too (clock drift of the phone). */
const TOLERANCE_S = 30;
/** The step between password and code. */
export const CHALLENGE_MS = 5 * 60 * 1000;
export const CHALLENGE_ATTEMPTS = 5;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function enrolmentFor(secret: string, email: string, issuer: string) {
  const uri = generateURI({ issuer, label: email, secret });
  const svg = renderSVG(uri, { border: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** The time step of a valid code, or null. Codes are 6 digits; spaces are ignored. */
export async function totpStep(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epochTolerance: TOLERANCE_S, ...(afterStep !== null && { afterTimeStep: afterStep }) });
  // A TOTP result carries the time step it matched (the HOTP result type of the union does not).
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Accepts a TOTP code (each time step once: the last one used is stored) or an
 * unused recovery code (used up by the same statement that checks it).
 */
export async function useSecondFactor(db: Kysely<DB>, userId: string, code: string): Promise<'totp' | 'recovery-code' | null> {
  const user = await db.selectFrom('users').select(['totp_secret', 'totp_last_step']).where('id', '=', userId).executeTakeFirst();
  if (!user?.totp_secret) return null;
  const step = await totpStep(user.totp_secret, code, user.totp_last_step);
  if (step !== null) {
    const r = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? 'totp' : null;
  }
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return null;
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: nowIso() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', sha256(normalised))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? 'recovery-code' : null;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

function normaliseRecoveryCode(code: string): string | null {
  const s = code.toLowerCase().replace(/[\s-]+/g, '');
  return s.length === 10 && [...s].every((c) => ALPHABET.includes(c)) ? s : null;
}

/** Replaces the user's recovery codes with fresh ones; returns them in clear, once. */
export async function newRecoveryCodes(db: Kysely<DB>, userId: string): Promise<string[]> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const codes: string[] = [];
  const now = nowIso();
  for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
    const plain = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    await db
      .insertInto('recovery_codes')
      .values({ id: newId(), user_id: userId, code_hash: sha256(plain), created_at: now, used_at: null })
      .execute();
    codes.push(`${plain.slice(0, 5)}-${plain.slice(5)}`);
  }
  return codes;
}

export async function recoveryCodesLeft(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Password accepted; the returned secret lets the holder give the code within CHALLENGE_MS. */
export async function createChallenge(db: Kysely<DB>, userId: string, ip: string | null) {
  const secret = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + CHALLENGE_MS).toISOString();
  await db
    .insertInto('login_challenges')
    .values({ id: sha256(secret), user_id: userId, ip, created_at: new Date(now).toISOString(), expires_at: expiresAt, attempts: 0 })
    .execute();
  return { challenge: secret, expiresAt };
}
