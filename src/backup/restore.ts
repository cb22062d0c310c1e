import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as tar from 'tar';
import { openDatabase, type Dialect } from '../db/database.ts';
import { migrations } from '../db/migrations/index.ts';
import type { Database as DatabaseConfig } from '../core/config.ts';
import { auditHead } from './audit-head.ts';
import { verifyChain } from '../core/audit/verify.ts';
import { fileFacts, pgConnection, withSqlite } from './backup.ts';
import { countRows, DATABASE_FILE, documentsSummary, listTables, MANIFEST_NAME, manifestSchema, type Manifest } from './manifest.ts';
import { BackupError, findPgTool, run } from './pg-tools.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RestoreResult {
  manifest: Manifest;
  checks: Check[];
  ok: boolean;
}

/**
 * Restores an archive of createBackup into the EMPTY database of `config` and
 * verifies the result against the manifest. Refuses (BackupError) before
 * touching anything when the archive does not match its manifest or the target
 * holds data. Stop the server of the target first.
 */
/** What the audit chain is verified with: this installation's checkpoint key and checkpoint file. */
export interface ChainCheck {
  key: Buffer;
  checkpointFile: string;
}

export async function restoreBackup(config: DatabaseConfig, file: string, chain?: ChainCheck): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  if (config.kind === 'sqlite' && config.path === ':memory:') throw new BackupError('Cannot restore into an in-memory database.');
  const base = config.kind === 'sqlite' ? dirname(resolve(config.path)) : tmpdir();
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, '.kw-restore-'));
  try {
    const manifest = await readArchive(file, work);
    if (manifest.database !== config.kind) {
      throw new BackupError(`${file} is a backup of a ${manifest.database} database; the target (DATABASE_URL) is ${config.kind}. Restore into the same kind of database.`);
    }
    const snapshot = join(work, DATABASE_FILE[config.kind]);
    if (config.kind === 'sqlite') {
      await assertEmpty(config);
      const target = resolve(config.path);
      const partial = `${target}.restoring`;
      copyFileSync(snapshot, partial);
      const fd = openSync(partial, 'r');
      fsyncSync(fd);
      closeSync(fd);
      for (const leftover of ['-wal', '-shm', '-journal']) rmSync(`${target}${leftover}`, { force: true });
      renameSync(partial, target);
    } else {
      const tables = await assertEmpty(config);
      const { dbname, env } = pgConnection(config.url);
      // Owners and grants belong to the cluster the backup came from; the restoring role owns what it creates.
      // A migrated but empty target (a server was started on it) is cleaned first.
      await run(
        findPgTool('pg_restore'),
        ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...(tables > 0 ? ['--clean', '--if-exists'] : []), `--dbname=${dbname}`, snapshot],
        env,
      );
    }
    const database = openDatabase(config);
    try {
      const checks = await verifyRestored(database.db, database.dialect, manifest, chain);
      return { manifest, checks, ok: checks.every((c) => c.ok) };
    } finally {
      await database.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Extracts the archive into `dir` and checks every file against the manifest. */
export async function readArchive(file: string, dir: string): Promise<Manifest> {
  const allowed = new Set<string>([MANIFEST_NAME, ...Object.values(DATABASE_FILE)]);
  const unexpected: string[] = [];
  try {
    await tar.extract({
      file,
      cwd: dir,
      strict: true,
      filter: (path, entry) => {
        const ok = allowed.has(path) && 'type' in entry && entry.type === 'File';
        if (!ok) unexpected.push(path);
        return ok;
      },
    });
  } catch (err) {
    throw new BackupError(`${file} is not a readable backup archive: ${(err as Error).message}`);
  }
  if (unexpected.length) throw new BackupError(`${file} holds entries a Klachtwijzer backup does not have: ${unexpected.join(', ')}`);
  if (!existsSync(join(dir, MANIFEST_NAME))) throw new BackupError(`${file} is not a Klachtwijzer backup: it has no ${MANIFEST_NAME}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8'));
  } catch (err) {
    throw new BackupError(`${file}: ${MANIFEST_NAME} is not JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new BackupError(`${file}: ${MANIFEST_NAME} is not a manifest this version reads:\n  ${issues.join('\n  ')}`);
  }
  const manifest = parsed.data;
  const present = readdirSync(dir).filter((n) => n !== MANIFEST_NAME);
  const listed = Object.keys(manifest.files);
  const needed = DATABASE_FILE[manifest.database];
  if (!listed.includes(needed)) throw new BackupError(`${file}: the manifest lists no ${needed}.`);
  for (const name of present) if (!listed.includes(name)) throw new BackupError(`${file}: ${name} is not in the manifest.`);
  for (const name of listed) {
    if (!present.includes(name)) throw new BackupError(`${file}: ${name} is in the manifest but not in the archive.`);
    const facts = await fileFacts(join(dir, name));
    const want = manifest.files[name]!;
    if (facts.sha256 !== want.sha256 || facts.bytes !== want.bytes) {
      throw new BackupError(
        `${file}: ${name} does not match the manifest (sha256 ${facts.sha256}, ${facts.bytes} bytes; the manifest says ${want.sha256}, ${want.bytes} bytes). The archive is damaged or altered.`,
      );
    }
  }
  return manifest;
}

/** Refuses a target that holds any row; returns how many (empty) tables it has. */
export async function assertEmpty(config: DatabaseConfig): Promise<number> {
  const describe = config.kind === 'sqlite' ? `SQLite database ${config.path}` : `PostgreSQL database ${pgConnection(config.url).dbname}`;
  const inspect = async (db: Kysely<any>, dialect: Dialect) => {
    const tables = await listTables(db, dialect);
    const filled: string[] = [];
    for (const t of tables) {
      // A server that was started on the target migrated it: that alone is not data.
      if (t === 'kysely_migration' || t === 'kysely_migration_lock') continue;
      const n = await countRows(db, t);
      if (n > 0) filled.push(`${t} (${n} rows)`);
    }
    if (filled.length) {
      throw new BackupError(`The target ${describe} is not empty: ${filled.join(', ')}. A restore only goes into an empty database: point DATABASE_URL at a new one.`);
    }
    return tables.length;
  };
  if (config.kind === 'sqlite') return existsSync(config.path) ? withSqlite(config.path, (db) => inspect(db, 'sqlite')) : 0;
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 1 }) }) });
  try {
    return await inspect(db, 'postgres');
  } finally {
    await db.destroy();
  }
}

/**
 * Whether a restored database is the one the manifest describes: the rows per
 * table, the audit log's head, the documents (each one's content against its
 * recorded sha256) and a schema this version knows. One check per line; extend
 * it with the audit chain's verify.
 */
export async function verifyRestored(db: Kysely<any>, dialect: Dialect, manifest: Manifest, chain?: ChainCheck): Promise<Check[]> {
  const checks: Check[] = [];

  const known = manifest.migration === null || manifest.migration in migrations;
  checks.push({
    name: 'schema',
    ok: known,
    detail: known ? `migration ${manifest.migration ?? '(none)'}` : `the backup's migration ${manifest.migration} is newer than this version of Klachtwijzer`,
  });

  const differ: string[] = [];
  const tables = await listTables(db, dialect);
  for (const [t, want] of Object.entries(manifest.tables)) {
    const got = tables.includes(t) ? await countRows(db, t) : null;
    if (got !== want) differ.push(`${t}: ${got ?? 'missing'} (manifest ${want})`);
  }
  for (const t of tables) {
    if (!(t in manifest.tables)) {
      const n = await countRows(db, t);
      if (n > 0) differ.push(`${t}: ${n} rows, not in the manifest`);
    }
  }
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  checks.push({
    name: 'counts',
    ok: differ.length === 0,
    detail: differ.length ? differ.join('; ') : `${Object.keys(manifest.tables).length} tables, ${rows} rows, as in the manifest`,
  });

  const audit = await auditHead(db);
  checks.push({
    name: 'audit log',
    ok: isDeepStrictEqual(audit, manifest.audit),
    detail: isDeepStrictEqual(audit, manifest.audit)
      ? `${audit.count} entries, ending in ${audit.lastId ?? '(none)'} with head ${audit.head ?? '(none)'}`
      : `restored ${JSON.stringify(audit)}, manifest ${JSON.stringify(manifest.audit)}`,
  });

  // The hash chain itself: every entry's hash and link, and the checkpoints in the database
  // (signed with this installation's key); the checkpoint file of the old machine need not be here.
  if (chain) {
    const r = await verifyChain(db, chain);
    checks.push({
      name: 'audit chain',
      ok: r.ok,
      detail: r.ok ? `${r.entries} entries verify from ${r.from.seq} to ${r.head.seq}, ${r.checkpoints} checkpoints` : r.problems.slice(0, 3).join('; '),
    });
  }

  const docs = await documentsSummary(db);
  const broken: string[] = [];
  const withContent = await db.selectFrom('documents').select(['id', 'sha256']).where('content', 'is not', null).execute();
  for (const d of withContent) {
    const row = await db.selectFrom('documents').select('content').where('id', '=', d.id).executeTakeFirstOrThrow();
    const actual = createHash('sha256')
      .update(row.content as Uint8Array)
      .digest('hex');
    if (actual !== d.sha256) broken.push(String(d.id));
  }
  const same = isDeepStrictEqual(docs, manifest.documents);
  checks.push({
    name: 'documents',
    ok: same && broken.length === 0,
    detail: [
      same
        ? `${docs.count} documents (${docs.withContent} with content, ${docs.bytes} bytes), as in the manifest`
        : `restored ${JSON.stringify(docs)}, manifest ${JSON.stringify(manifest.documents)}`,
      ...(broken.length ? [`content does not match its sha256: ${broken.join(', ')}`] : []),
    ].join('; '),
  });
  return checks;
}
