// Idempotent public intake: a submission whose answer was lost (a dropped
// connection, a crash after the commit) is sent again by the form with the same
// Idempotency-Key, and gets the first answer instead of a second case.
//
// The answer holds the complainant's secret status token, of which the server
// otherwise keeps only a hash. It is stored encrypted under a key derived from
// the Idempotency-Key and the whole request body: only someone who has both
// (the submitter's browser) can get it back; the database alone does not yield it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../core/errors.ts';

/** How long a key is remembered: long enough for any retry, short enough to keep the table small. */
export const IDEMPOTENCY_HOURS = 24;

/** Random, long enough not to be guessed: a UUID or 16–128 URL-safe characters. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$|^[0-9a-fA-F-]{36}$/;

export interface Answer {
  reference: string;
  statusToken: string;
  kind: string;
  status: string;
}

export interface IdempotencyClaim {
  keyHash: string;
  bodyHash: string;
  secret: Buffer;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest();

/** Canonical JSON (sorted keys), so the same form data gives the same hash however it was serialised. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function idempotencyClaim(header: string | string[] | undefined, organisationId: string, body: unknown): IdempotencyClaim | null {
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(400, 'invalid-input', 'Idempotency-Key: expected a random key of 16 to 128 letters, digits, - or _ (e.g. a UUID)', [
      { path: 'headers.idempotency-key', message: 'expected a random key of 16 to 128 letters, digits, - or _' },
    ]);
  }
  const bodyHash = sha256(canonical(body)).toString('hex');
  return { keyHash: sha256(`${organisationId}\n${key}`).toString('hex'), bodyHash, secret: sha256(`klachtwijzer-idempotency\n${key}\n${bodyHash}`) };
}

function seal(secret: Buffer, answer: Answer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secret, iv);
  const data = Buffer.concat([c.update(JSON.stringify(answer), 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

function open(secret: Buffer, sealed: string): Answer {
  const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const d = createDecipheriv('aes-256-gcm', secret, iv!);
  d.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([d.update(data!), d.final()]).toString('utf8')) as Answer;
}

/** The first answer for this key, if there was one; 409 when the key came with another body. */
export async function previousAnswer(db: Kysely<DB>, claim: IdempotencyClaim, now: Date): Promise<Answer | null> {
  const row = await db.selectFrom('idempotency_keys').select(['body_hash', 'answer', 'expires_at']).where('key_hash', '=', claim.keyHash).executeTakeFirst();
  if (!row || row.expires_at < now.toISOString()) return null;
  if (row.body_hash !== claim.bodyHash) {
    throw new AppError(409, 'idempotency-key-reused', 'This Idempotency-Key was already used for a different submission. Send a new submission with a new key.');
  }
  return open(claim.secret, row.answer);
}

/** Written in the intake's own transaction: the case and the remembered answer commit together. */
export async function rememberAnswer(trx: Transaction<DB>, claim: IdempotencyClaim, organisationId: string, caseId: string, answer: Answer, now: Date): Promise<void> {
  await trx.deleteFrom('idempotency_keys').where('key_hash', '=', claim.keyHash).where('expires_at', '<', now.toISOString()).execute();
  await trx
    .insertInto('idempotency_keys')
    .values({
      key_hash: claim.keyHash,
      organisation_id: organisationId,
      body_hash: claim.bodyHash,
      answer: seal(claim.secret, answer),
      case_id: caseId,
      expires_at: new Date(now.getTime() + IDEMPOTENCY_HOURS * 3600_000).toISOString(),
    })
    .execute();
}
