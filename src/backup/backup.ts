import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync, chmodSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as tar from 'tar';
import type { Database as DatabaseConfig } from '../core/config.ts';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_NAME, snapshotFacts, type Manifest, type SnapshotFacts } from './manifest.ts';
import { BackupError, findPgTool, run } from './pg-tools.ts';

export interface BackupResult {
  file: string;
  manifest: Manifest;
  /** sha256 of the archive itself: note it next to where the archive is kept. */
  sha256: string;
  bytes: number;
}

/**
 * One consistent, online backup as a gzipped tar: manifest.json and the database
 * snapshot. The uploaded documents are rows of that snapshot (documents.content),
 * so a document and its content can never disagree. The server may keep running:
 * SQLite is copied with VACUUM INTO (one read transaction in WAL mode, writers
 * are not blocked); PostgreSQL with pg_dump on a snapshot exported by the
 * transaction that also counts the rows for the manifest.
 */
export async function createBackup(config: DatabaseConfig, file: string, now = new Date()): Promise<BackupResult> {
  const target = resolve(file);
  if (existsSync(target)) throw new BackupError(`${file} already exists: a backup never overwrites a file; choose a new name.`);
  if (!existsSync(dirname(target))) throw new BackupError(`The directory ${dirname(target)} does not exist.`);
  // Beside the target (same file system, so the final rename is atomic); mkdtemp makes it 0700.
  const work = mkdtempSync(join(dirname(target), '.kw-backup-'));
  try {
    const dbFile = DATABASE_FILE[config.kind];
    const facts = config.kind === 'sqlite' ? await sqliteSnapshot(config.path, join(work, dbFile)) : await postgresSnapshot(config.url, join(work, dbFile));
    const manifest: Manifest = {
      format: 'klachtwijzer-backup',
      formatVersion: FORMAT_VERSION,
      createdAt: now.toISOString(),
      database: config.kind,
      ...facts,
      files: { [dbFile]: await fileFacts(join(work, dbFile)) },
    };
    writeFileSync(join(work, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const partial = join(work, 'archive.partial');
    await tar.create({ gzip: true, file: partial, cwd: work, portable: true }, [MANIFEST_NAME, dbFile]);
    // The archive holds every dossier: readable by its owner only, on disk before it gets its name.
    chmodSync(partial, 0o600);
    const fd = openSync(partial, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, target);
    const archive = await fileFacts(target);
    return { file: target, manifest, sha256: archive.sha256, bytes: archive.bytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function sqliteSnapshot(source: string, dest: string): Promise<SnapshotFacts> {
  if (source === ':memory:' || !existsSync(source)) throw new BackupError(`No SQLite database at ${source} (DATABASE_URL or the default ./data/klachtwijzer.db).`);
  const live = new BetterSqlite3(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 10000');
    live.prepare('VACUUM INTO ?').run(dest);
  } finally {
    live.close();
  }
  return withSqlite(dest, (db) => snapshotFacts(db, 'sqlite'));
}

export async function withSqlite<T>(path: string, fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path, { fileMustExist: true }) }) });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function postgresSnapshot(url: string, dest: string): Promise<SnapshotFacts> {
  const pgDump = findPgTool('pg_dump');
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    return await db.connection().execute(async (conn) => {
      // The manifest's counts and pg_dump see the same snapshot: this transaction exports it and stays open until pg_dump is done.
      await sql`begin isolation level repeatable read read only`.execute(conn);
      try {
        const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(conn);
        const facts = await snapshotFacts(conn, 'postgres');
        const { dbname, env } = pgConnection(url);
        await run(pgDump, ['--format=custom', `--snapshot=${rows[0]!.id}`, `--file=${dest}`, `--dbname=${dbname}`], env);
        return facts;
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
  } finally {
    await db.destroy();
  }
}

/** The connection URL without its password, which goes in the environment so it does not show in the process list. */
export function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}

export async function fileFacts(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: statSync(path).size };
}
