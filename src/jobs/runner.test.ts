import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { startJobs, type Job, type JobContext } from './runner.ts';

// A job run that takes longer than its lease must keep the lease (renewed while it
// runs), so a second node never runs the same job at the same time; and a node never
// overlaps its own runs (the cause of mail sent twice, Trust §5).

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

const silent = { error() {}, warn() {}, info() {}, debug() {} } as unknown as JobContext['log'];

describe('job leases', () => {
  it('a run longer than its lease keeps it: two nodes never run the job at once', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const slow: Job = {
      name: 'slow-job',
      everyMs: 200, // lease 400 ms
      async run() {
        runs++;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 1200)); // three leases long
        running--;
      },
    };
    const ctx = { db: database.db, dialect: database.dialect, config: {} as JobContext['config'], log: silent };
    const a = startJobs(ctx, [slow]);
    const b = startJobs(ctx, [slow]);
    await new Promise((r) => setTimeout(r, 4000));
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
  });
});
