import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/database.ts';
import { acquireLease, releaseLease } from '../../src/jobs/lease.ts';
import { createReadLimiter, hit } from '../../src/core/rate-limit.ts';
import { ensureFirstAdmin } from '../../src/server/bootstrap.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { newId } from '../../src/core/ids.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('database', () => {
  it('migrations are safe when two app nodes start at the same moment', async () => {
    // t is migrated already; a second and third "node" migrate the same database concurrently.
    const a = openDatabase(t.config);
    const b = openDatabase(t.config);
    try {
      const results = await Promise.all([migrate(a.db), migrate(b.db)]);
      expect(results.flat()).toEqual([]);
      const names = await t.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(names.length).toBeGreaterThanOrEqual(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('only one of two nodes creating the first admin at once wins', async () => {
    const fresh = await createTestDatabase();
    const other = openDatabase(fresh.config);
    try {
      const [x, y] = await Promise.all([
        ensureFirstAdmin(fresh.db, 'first@example.org', 'first-password-123'),
        ensureFirstAdmin(other.db, 'first@example.org', 'first-password-123'),
      ]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
      const users = await fresh.db.selectFrom('users').select('email').execute();
      expect(users).toEqual([{ email: 'first@example.org' }]);
    } finally {
      await other.close();
      await fresh.drop();
    }
  });

  it('without ADMIN_PASSWORD the first admin gets a random password, shown once', async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await ensureFirstAdmin(fresh.db, undefined, undefined);
      expect(first?.generatedPassword).toMatch(/^[\w-]{24}$/);
      expect(await ensureFirstAdmin(fresh.db, undefined, undefined)).toBeNull();
    } finally {
      await fresh.drop();
    }
  });

  it('a job lease is held by one node at a time and can be taken over once expired', async () => {
    const now = Date.now();
    expect(await acquireLease(t.db, 'job-a', 'node-1', 10_000, now)).toBe(true);
    expect(await acquireLease(t.db, 'job-a', 'node-2', 10_000, now + 1)).toBe(false);
    expect(await acquireLease(t.db, 'job-a', 'node-1', 10_000, now + 2)).toBe(true); // renew
    expect(await acquireLease(t.db, 'job-a', 'node-2', 10_000, now + 20_000)).toBe(true); // expired
    await releaseLease(t.db, 'job-a', 'node-2');
    expect(await acquireLease(t.db, 'job-a', 'node-1', 10_000, now + 20_001)).toBe(true);
  });

  it('concurrent lease attempts: exactly one wins', async () => {
    const now = Date.now();
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(t.db, 'job-b', `node-${i}`, 10_000, now)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('the rate limiter counts per key and window', async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++) await hit(t.db, 'k1', 3, 60, now + i);
    await expect(hit(t.db, 'k1', 3, 60, now + 10)).rejects.toMatchObject({ status: 429 });
    await expect(hit(t.db, 'k2', 3, 60, now + 10)).resolves.toBeUndefined();
    await expect(hit(t.db, 'k1', 3, 60, now + 61_000)).resolves.toBeUndefined(); // new window
  });

  it('the read limiter counts in memory, writes once per interval, and holds the limit across two nodes', async () => {
    const now = Date.now();
    const a = createReadLimiter(t.db, 60_000);
    const b = createReadLimiter(t.db, 60_000);
    for (let i = 0; i < 3; i++) await a.hit('r1', 5, 3600, now);
    const stored = () => t.db.selectFrom('rate_limits').select('count').where('key', '=', 'r1').executeTakeFirst();
    expect(await stored()).toBeUndefined(); // not yet written: no write per read
    await a.flush();
    expect(Number((await stored())!.count)).toBe(3);
    // The other node sees the shared count and adds its own: the 6th hit over both is refused.
    await b.hit('r1', 5, 3600, now);
    await b.hit('r1', 5, 3600, now);
    await expect(b.hit('r1', 5, 3600, now)).rejects.toMatchObject({ status: 429 });
    await b.close();
    expect(Number((await stored())!.count)).toBe(6);
    await a.flush();
    await expect(a.hit('r1', 5, 3600, now)).rejects.toMatchObject({ status: 429 });
    await a.close();
  });

  it('ids are time-ordered UUIDv7', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
