import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Sorting ids as text sorts them by creation time, which keyset paging uses.
 * A counter in the random part keeps ids from one process strictly increasing
 * within the same millisecond.
 */
let lastMs = 0;
let seq = 0;
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    seq = random(2).readUInt16BE(0) & 0x7ff;
    lastMs = now;
  }
  // Bytes of the pool, used up here: written over, then read once.
  const b = random(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Random bytes for ids from a pool filled 4 KB at a time: a randomBytes call per id took about 5 %
// of a public intake's CPU (issue 14). Ids are not secrets; tokens still use randomBytes.
const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;
function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/** Current instant as ISO 8601 UTC with milliseconds: sorts as text. */
export const nowIso = (): string => new Date().toISOString();
