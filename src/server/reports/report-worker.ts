import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.ts';
import type { Database as DatabaseConfig } from '../../core/config.ts';
import { reportFor } from './reports.service.ts';

// The report worker (see reportRunner): its own connection, one report per message.
const database = openDatabase((workerData as { database: DatabaseConfig }).database);
parentPort!.on('message', async (m: { id: number; organisationIds: string[]; period: { from: string; to: string }; withProviders: boolean; now: string }) => {
  try {
    const report = await reportFor(database.db, m.organisationIds, m.period, m.withProviders, new Date(m.now));
    parentPort!.postMessage({ id: m.id, report });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
