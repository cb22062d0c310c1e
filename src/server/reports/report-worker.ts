import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import type { Database as DatabaseConfig } from '../../core/config.ts';
import { reportFor } from './reports.service.ts';

// The report worker (see reportRunner): its own connection, one report per message.

// Requests before reports: on Linux a thread has a nice value of its own, and this one (the report's
// queries and counting) yields the cores to the request thread when both want them. Elsewhere a no-op.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 15);
} catch {
  // No /proc, or not allowed: reports run at the process's priority.
}
const config = (workerData as { database: DatabaseConfig }).database;
const database = openDatabase(config);
// A small page cache (2 MB, not SQLite's 16): a report reads the month figures once; the operating
// system caches the file anyway, and this thread's cache counted in the server's memory (issue 14).
if (config.kind === 'sqlite') await sql`pragma cache_size = -2048`.execute(database.db);
parentPort!.on('message', async (m: { id: number; organisationIds: string[]; period: { from: string; to: string }; withProviders: boolean; now: string }) => {
  try {
    const report = await reportFor(database.db, m.organisationIds, m.period, m.withProviders, new Date(m.now));
    parentPort!.postMessage({ id: m.id, report });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
