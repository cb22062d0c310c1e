import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditLogTable } from '../../db/schema.ts';

/** The previous hash of the first entry of a chain that was never cut. */
export const GENESIS_HASH = '0'.repeat(64);

type ChainedContent = Omit<AuditLogTable, 'hash'>;

/**
 * SHA-256 over the RFC 8785 canonical JSON of everything an entry says,
 * including its place and the previous entry's hash. Version 1: the same
 * function is frozen in migration 2026-12-02-101 for the entries it chained.
 */
export function entryHash(r: ChainedContent): string {
  const content = wellFormed({
    v: 1,
    seq: r.seq,
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id ?? null,
    actorEmail: r.actor_email ?? null,
    actorRole: r.actor_role ?? null,
    ip: r.ip ?? null,
    action: r.action,
    entityType: r.entity_type ?? null,
    entityId: r.entity_id ?? null,
    organisationId: r.organisation_id ?? null,
    subject: r.subject ?? null,
    details: r.details ?? null,
    prevHash: r.prev_hash,
  });
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}

/**
 * RFC 8785 accepts only well-formed strings: a lone surrogate (possible in
 * hostile input, e.g. a login name) becomes U+FFFD, as the database stores it.
 */
export function wellFormed<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : v]),
  ) as T;
}

export interface Checkpoint {
  id: string;
  seq: number;
  hash: string;
  at: string;
  kind: 'periodic' | 'cut';
  signature: string;
}

/** HMAC-SHA256 with the checkpoint key (kept outside the database) over the checkpoint's canonical content. */
export function signCheckpoint(key: Buffer, c: Omit<Checkpoint, 'signature'>): string {
  const content = { id: c.id, seq: c.seq, hash: c.hash, at: c.at, kind: c.kind };
  return createHmac('sha256', key).update(canonicalize(content)!).digest('hex');
}

export function checkpointSignatureValid(key: Buffer, c: Checkpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, c), 'hex');
  const got = Buffer.from(c.signature, 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
