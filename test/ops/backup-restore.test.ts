import { loadConfig } from '../../src/core/config.ts';
import { loadCheckpointKey } from '../../src/core/audit/verify.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { Database as DatabaseConfig } from '../../src/core/config.ts';
import { countRows, listTables, type Manifest } from '../../src/backup/manifest.ts';
import { readArchive, restoreBackup, verifyRestored } from '../../src/backup/restore.ts';
import { createBackup } from '../../src/backup/backup.ts';
import { createTestDatabase, databaseUrlOf, testDialect, type TestDatabase } from '../helpers/db.ts';
import { exited, login, repoRoot, startServer, type ServerProcess } from '../helpers/server-process.ts';

// The backup drill of the README, as CI runs it: a real server takes public
// intakes while `npm run backup` runs against its database; the archive is
// restored with `npm run restore` into a new, empty database elsewhere, and
// every complaint acknowledged before the backup began is in it, the counts
// equal the manifest and the audit log verifies. On the database of this run
// (SQLite file, or PostgreSQL when DATABASE_URL says so).

const ADMIN = { email: 'backup-admin@test.example', password: 'kluis-sleutel-2026-terug' };
const OFFICER = { email: 'backup-officer@test.example', password: 'brievenbus-lantaarn-2026' };
const WORKERS = 8;

/** `npm run backup|restore -- FILE` as the operator runs it (node directly: npm adds nothing and costs a second). */
function cli(script: 'backup' | 'restore', file: string, databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`src/cli/${script}.ts`, file], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function api(base: string, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function intake(base: string, organisationId: string, name: string): Promise<string | null> {
  const res = await fetch(`${base}/api/v1/public/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organisationId,
      kind: 'complaint',
      complainant: { name, role: 'client', email: 'klager@example.org' },
      description: `Klacht van ${name}: de begeleider kwam niet opdagen.`,
    }),
  });
  if (res.status !== 201) {
    await res.body?.cancel();
    return null;
  }
  return ((await res.json()) as { reference: string }).reference;
}

/** A new, empty database (not migrated) next to the source: a file in its own directory, or a database on the same server. */
async function emptyDatabase(): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  if (testDialect === 'postgres') {
    const base = new URL(process.env.DATABASE_URL!);
    const name = `kw_restore_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    return {
      config: { kind: 'postgres', url: url.toString() },
      async drop() {
        const c = new pg.Client({ connectionString: base.toString() });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kw-restore-'));
  return { config: { kind: 'sqlite', path: join(dir, 'restored.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

let source: TestDatabase;
let target: Awaited<ReturnType<typeof emptyDatabase>>;
let server: ServerProcess | undefined;
let restored: Database | undefined;
let work: string;
let archive: string;
let manifest: Manifest;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await emptyDatabase();
  work = mkdtempSync(join(tmpdir(), 'kw-backup-test-'));
  archive = join(work, 'klachtwijzer-backup.tar.gz');
});
afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await exited(server.child);
  }
  await restored?.close();
  await target?.drop();
  await source?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore drill (${testDialect})`, () => {
  it('backs up a server under intake load and restores every case acknowledged before the backup, with matching counts and audit log', { timeout: 60_000 }, async () => {
    server = await startServer(databaseUrlOf(source.config), ADMIN);
    const { base } = server;
    const admin = await login(base, ADMIN);
    const org = await api(base, admin, 'POST', '/api/v1/organisations', { name: 'Stadsring51 back-up', regulationId: 'stadsring51', email: 'klachten@example.org' });
    expect(org.status, JSON.stringify(org.json)).toBe(201);
    const officer = await api(base, admin, 'POST', '/api/v1/users', {
      ...OFFICER,
      name: 'Klachtenfunctionaris',
      memberships: [{ organisationId: org.json.id, role: 'complaints-officer' }],
    });
    expect(officer.status, JSON.stringify(officer.json)).toBe(201);

    // A dossier with an uploaded document: it must come back byte for byte.
    const first = await intake(base, org.json.id, 'Klager met stuk');
    expect(first).not.toBeNull();
    const cookie = await login(base, OFFICER);
    const found = await api(base, cookie, 'GET', `/api/v1/cases?q=${encodeURIComponent(first!)}`);
    const caseId = found.json.items[0].id as string;
    const upload = new FormData();
    upload.set('shared', 'false');
    const letter = `Verklaring van de medewerker, ${randomBytes(8).toString('hex')}.\n`;
    upload.set('file', new Blob([letter], { type: 'text/plain' }), 'verklaring.txt');
    const up = await fetch(`${base}/api/v1/cases/${caseId}/documents`, { method: 'POST', headers: { cookie }, body: upload });
    expect(up.status, await up.clone().text()).toBe(201);
    const documentId = ((await up.json()) as { id: string }).id;

    // The load: public intakes from WORKERS clients until told to stop.
    const acknowledged: { reference: string; at: number }[] = [{ reference: first!, at: performance.now() }];
    let stop = false;
    let refused = 0;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const reference = await intake(base, org.json.id, `Klager ${n++}`);
        if (reference) acknowledged.push({ reference, at: performance.now() });
        else refused++;
      }
    };
    const load = Array.from({ length: WORKERS }, worker);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));

    const backupStarted = performance.now();
    const before = acknowledged.filter((a) => a.at < backupStarted).map((a) => a.reference);
    const backup = await cli('backup', archive, databaseUrlOf(source.config));
    const backupEnded = performance.now();
    stop = true;
    await Promise.all(load);
    expect(backup.code, `${backup.stdout}\n${backup.stderr}`).toBe(0);
    expect(backup.stdout).toContain('backup written');
    expect(refused, 'no intake was refused during the backup').toBe(0);
    const during = acknowledged.filter((a) => a.at >= backupStarted && a.at <= backupEnded).length;
    expect(during, 'intakes kept being acknowledged while the backup ran').toBeGreaterThan(0);

    // Intakes sent after the backup ended cannot be in it: the archive is one snapshot, not a later copy.
    const after: string[] = [];
    for (let i = 0; i < 3; i++) after.push((await intake(base, org.json.id, `Klager na de back-up ${i}`))!);
    expect(after.every(Boolean)).toBe(true);
    server.child.kill('SIGTERM');
    await exited(server.child);

    // Restore elsewhere, with the operator's command.
    const restore = await cli('restore', archive, databaseUrlOf(target.config));
    expect(restore.code, `${restore.stdout}\n${restore.stderr}`).toBe(0);
    expect(restore.stdout).toContain('restore verified');
    expect(restore.stdout).not.toContain('FAIL');

    manifest = await readArchive(archive, mkdtempSync(join(work, 'x-')));
    restored = openDatabase(target.config);
    const db = restored.db;
    const cased = (await db.selectFrom('cases').select('reference').execute()).map((r) => r.reference);
    // A filing acknowledged a moment before the backup may still wait in the intake inbox, its plan
    // holding the reference: restored as well, and written as a case when a server starts on the
    // restore (intake-inbox.test.ts shows that start).
    const waiting = (await db.selectFrom('intake_inbox').select('plan').execute()).map((r) => (JSON.parse(r.plan) as { row: { reference: string } }).row.reference);
    const references = new Set([...cased, ...waiting]);
    expect(
      before.filter((r) => !references.has(r)),
      'acknowledged before the backup but missing from the restore',
    ).toEqual([]);
    expect(
      after.filter((r) => references.has(r)),
      'sent after the backup yet in it',
    ).toEqual([]);
    expect(references.size).toBeGreaterThanOrEqual(before.length);

    // The counts, taken independently of the restore command, equal the manifest.
    const counts: Record<string, number> = {};
    for (const t of await listTables(db, restored.dialect)) counts[t] = await countRows(db, t);
    expect(counts).toEqual(manifest.tables);
    expect(manifest.tables.cases! + manifest.tables.intake_inbox!).toBe(references.size);
    expect(manifest.database).toBe(testDialect);

    // One snapshot: every restored case has its 'received' event, its receipt mail and its audit entry.
    const caseIds = (await db.selectFrom('cases').select('id').execute()).map((c) => c.id);
    const received = new Set((await db.selectFrom('case_events').select('case_id').where('type', '=', 'received').execute()).map((e) => e.case_id));
    const mailed = new Set((await db.selectFrom('outbox').select('case_id').execute()).map((m) => m.case_id));
    const audited = new Set((await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'case.created').execute()).map((a) => a.entity_id));
    expect(caseIds.filter((id) => !received.has(id) || !mailed.has(id) || !audited.has(id))).toEqual([]);

    const doc = await db.selectFrom('documents').select(['content', 'name']).where('id', '=', documentId).executeTakeFirstOrThrow();
    expect(Buffer.from(doc.content!).toString('utf8')).toBe(letter);

    // The audit log verifies: its head as in the manifest, and the hash chain entry by entry.
    const audit = loadConfig({}).audit;
    const checks = await verifyRestored(db, restored.dialect, manifest, { key: loadCheckpointKey(audit), checkpointFile: '/nonexistent/checkpoints.jsonl' });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['counts', 'audit log', 'audit chain', 'documents']));
    expect(manifest.audit.count).toBe(counts.audit_log);
  });

  it('refuses to restore into a database that holds data, naming what it holds', async () => {
    const res = await cli('restore', archive, databaseUrlOf(source.config));
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/is not empty: .*cases \(\d+ rows\)/);
    expect(res.stderr).toContain(source.config.kind === 'sqlite' ? source.config.path : 'PostgreSQL database');
  });

  it('refuses an archive whose database file does not match the manifest', async () => {
    const dir = mkdtempSync(join(work, 'tamper-'));
    await tar.extract({ file: archive, cwd: dir });
    const dbFile = Object.keys(manifest.files)[0]!;
    const bytes = readFileSync(join(dir, dbFile));
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(join(dir, dbFile), bytes);
    const altered = join(work, 'altered.tar.gz');
    await tar.create({ gzip: true, file: altered, cwd: dir }, ['manifest.json', dbFile]);
    const fresh = await emptyDatabase();
    try {
      await expect(restoreBackup(fresh.config, altered)).rejects.toThrow(`${dbFile} does not match the manifest`);
    } finally {
      await fresh.drop();
    }
  });

  it('verifyRestored notices a missing row and a document whose content was altered', async () => {
    const db = restored!.db;
    const doc = await db.selectFrom('documents').select('id').executeTakeFirstOrThrow();
    await db
      .updateTable('documents')
      .set({ content: Buffer.from('vervalst') })
      .where('id', '=', doc.id)
      .execute();
    const victim = await db.selectFrom('case_search').select('case_id').executeTakeFirstOrThrow();
    await db.deleteFrom('case_search').where('case_id', '=', victim.case_id).execute();
    const checks = await verifyRestored(db, restored!.dialect, manifest);
    const failed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.name, c.detail]));
    expect(Object.keys(failed).sort()).toEqual(['counts', 'documents']);
    expect(failed.counts).toContain(`case_search: ${manifest.tables.case_search! - 1} (manifest ${manifest.tables.case_search})`);
    expect(failed.documents).toContain(`content does not match its sha256: ${doc.id}`);
  });
});

describe('backup refusals', () => {
  it('names a SQLite database that does not exist, and never overwrites an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-backup-refuse-'));
    try {
      await expect(createBackup({ kind: 'sqlite', path: join(dir, 'missing.db') }, join(dir, 'b.tar.gz'))).rejects.toThrow(`No SQLite database at ${join(dir, 'missing.db')}`);
      writeFileSync(join(dir, 'old.tar.gz'), 'an earlier backup');
      await expect(createBackup({ kind: 'sqlite', path: join(dir, 'missing.db') }, join(dir, 'old.tar.gz'))).rejects.toThrow('already exists');
      expect(readFileSync(join(dir, 'old.tar.gz'), 'utf8')).toBe('an earlier backup');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
