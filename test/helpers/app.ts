import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import { ensureFirstAdmin } from '../../src/server/bootstrap.ts';
import { createRegulationCatalog } from '../../src/server/regulations/regulations.service.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const ADMIN = { email: 'admin@test.example', password: 'platform-sleutel-2026' };

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Logs in and returns the Cookie header value to send. */
  login(email: string, password: string): Promise<string>;
  adminCookie: string;
  /** Commits the batched read entries of the audit log (they follow within AUDIT_READ_BATCH_MS). */
  flushAudit(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One app on one fresh database, with the first admin created; close() drops both (STYLE.md §14).
 * `plugin` sees every query the app makes (a test that reads the plans of the route's own SQL).
 */
export async function createTestApp(env: Record<string, string> = {}, { plugin }: { plugin?: KyselyPlugin } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const journal = mkdtempSync(join(tmpdir(), 'kw-read-audit-'));
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:3000', AUDIT_READ_JOURNAL_DIR: journal, ...env }),
    database: database.config,
    webDist: '/nonexistent',
    jobs: false,
  };
  await ensureFirstAdmin(database.db, ADMIN.email, ADMIN.password);
  const app = await buildApp(
    { db: plugin ? database.db.withPlugin(plugin) : database.db, dialect: database.dialect, config, regulations: createRegulationCatalog(database.db) },
    { logger: false },
  );
  await app.ready();
  async function login(email: string, password: string) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    return sessionCookie(res);
  }
  const adminCookie = await login(ADMIN.email, ADMIN.password);
  return {
    app,
    database,
    login,
    adminCookie,
    flushAudit: () => app.flushReadAudit(),
    async close() {
      await app.close();
      await database.drop();
      rmSync(journal, { recursive: true, force: true });
    },
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  // `__Host-kw_session` when PUBLIC_URL is https.
  const c = res.cookies.find((c) => c.name === 'kw_session' || c.name === '__Host-kw_session');
  if (!c) throw new Error('no session cookie in response');
  return `${c.name}=${c.value}`;
}

let counter = 0;
/** Unique data per test (STYLE.md §13). */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
