import { existsSync } from 'node:fs';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { migrate, openDatabase } from '../db/database.ts';
import { grantRuntimeRole, roleOfUrl } from '../db/roles.ts';
import { ensureFirstAdmin } from './bootstrap.ts';
import { createRegulationCatalog } from './regulations/regulations.service.ts';
import { defaultJobs, startJobs } from '../jobs/runner.ts';
import { intakeInboxJob } from './cases/intake-inbox.job.ts';
import { closeMailTransports } from '../mail/sender.ts';
import { reportRunner } from './reports/reports.service.ts';

// Entry point: `node src/server/main.ts`. Reads .env when present.
if (existsSync('.env')) process.loadEnvFile('.env');

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

const database = openDatabase(config.database);
try {
  if (config.migrationDatabaseUrl && config.database.kind === 'postgres') {
    // The owner migrates and grants; the application runs as DATABASE_URL's role (README, PostgreSQL).
    const owner = openDatabase({ kind: 'postgres', url: config.migrationDatabaseUrl });
    try {
      await migrate(owner.db);
      const runtime = roleOfUrl(config.database.url);
      if (runtime !== roleOfUrl(config.migrationDatabaseUrl)) await grantRuntimeRole(owner.db, runtime);
    } finally {
      await owner.close();
    }
  } else await migrate(database.db);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await database.close();
  process.exit(1);
}

const admin = await ensureFirstAdmin(database.db, config.adminEmail, config.adminPassword);
const reports = reportRunner(config.database);
const app = await buildApp({ db: database.db, dialect: database.dialect, config, regulations: createRegulationCatalog(database.db), reports });
const jobs = config.jobs ? startJobs({ db: database.db, dialect: database.dialect, config, log: app.log }, [...defaultJobs(), intakeInboxJob]) : null;

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host}:${port}`;

// Printed for the person at the terminal (not through the JSON log).
console.log(`\nKlachtwijzer is running at ${url}  (database: ${database.dialect})`);
if (admin) {
  console.log(`First administrator: ${admin.email}`);
  if (admin.generatedPassword) console.log(`Password (shown once, change it after logging in): ${admin.generatedPassword}`);
  else console.log('Password: the ADMIN_PASSWORD you set');
}
console.log('');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing requests');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  try {
    await jobs?.stop();
    // Keep-alive connections become idle once their request is answered; close them as they do,
    // or close() would wait for the keep-alive timeout.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close(); // stops accepting, waits for requests in flight
    clearInterval(sweep);
    closeMailTransports();
    await reports.close();
    await database.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
