import { dictionary } from '@zxcvbn-ts/language-common';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt from Node's own crypto (no native add-on to build). Parameters are
// stored with the hash, so they can be raised later without breaking logins.
const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEYLEN, { ...opts, maxmem: 256 * opts.N! * opts.r! }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, rr, pp, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(rr), p: Number(pp) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the e-mail is unknown, so timing does not tell. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

export function randomPassword(): string {
  // 18 random bytes → 24 URL-safe characters.
  return randomBytes(18).toString('base64url');
}

// ── Which passwords are refused (ASVS 5.0 V6.2; NIST SP 800-63B §3.1.1.2) ──

export const MIN_PASSWORD_LENGTH = 12;

/**
 * The common-password list of zxcvbn-ts (`@zxcvbn-ts/language-common`, ~49,000
 * passwords ranked by how often they occur in public breach corpora), shipped
 * as data and checked offline.
 */
const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export interface PasswordContext {
  email?: string | null | undefined;
  name?: string | null | undefined;
}

/** Why a password is refused, in words fit for `field: …`; null when it is acceptable. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const pw = password.normalize('NFKC');
  if ([...pw].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = pw.toLowerCase();
  const compact = lower.replace(/[\s\-_.]+/g, '');
  if (new Set(compact).size <= 2) return 'is one or two characters repeated';
  if (isSequence(compact)) return 'is a sequence such as 12345678 or abcdefgh';
  if (common.has(lower) || common.has(compact)) return 'is one of the most common passwords, found in public breaches';
  // A common password with only digits and punctuation around it ("Welkom2026!", "!!password1") is as weak.
  const core = lower.replace(/^[^a-z\u00c0-\u024f]+|[^a-z\u00c0-\u024f]+$/g, '');
  if (core.length >= 4 && core !== lower && (common.has(core) || isSequence(core))) {
    return 'is a common password with digits or symbols added';
  }
  for (const part of personalParts(context)) {
    if (compact.includes(part)) return 'must not contain the e-mail address or name of the account';
  }
  return null;
}

/** Ascending or descending runs of letters, digits, or keys next to each other (qwertyuiop), repeated or not. */
function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  const rows = ['abcdefghijklmnopqrstuvwxyz', '1234567890', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];
  for (const step of [1, -1]) {
    let run = true;
    for (let i = 1; i < s.length && run; i++) run = s.charCodeAt(i) - s.charCodeAt(i - 1) === step;
    if (run) return true;
  }
  // Built from one keyboard or alphabet row walked forwards or backwards (e.g. 'qwertyuiopqwerty').
  return rows.some((row) => {
    const back = [...row].reverse().join('');
    return [...chunks(s, 4)].every((c) => (row + row).includes(c)) || [...chunks(s, 4)].every((c) => (back + back).includes(c));
  });
}

function* chunks(s: string, n: number) {
  for (let i = 0; i < s.length; i += n) yield s.slice(i, i + n);
}

/** The local part of the e-mail address and each part of the name, if long enough to mean something. */
function personalParts({ email, name }: PasswordContext): string[] {
  const parts: string[] = [];
  const local = email?.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4) parts.push(local.replace(/[\s\-_.]+/g, ''));
  for (const p of local.split(/[.\-_+]/)) if (p.length >= 4) parts.push(p);
  for (const p of (name ?? '')
    .toLowerCase()
    .normalize('NFKC')
    .split(/[\s\-_.']+/))
    if (p.length >= 4) parts.push(p);
  return [...new Set(parts)].filter((p) => p.length >= 4);
}
