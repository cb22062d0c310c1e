import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Dialect } from '../db/database.ts';
import { auditHead } from './audit-head.ts';

export const MANIFEST_NAME = 'manifest.json';
export const FORMAT_VERSION = 1;
/** The database snapshot's name inside the archive, per kind. */
export const DATABASE_FILE = { sqlite: 'database.sqlite', postgres: 'database.pgdump' } as const;

export const manifestSchema = z.object({
  format: z.literal('klachtwijzer-backup'),
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  /** The newest migration in the snapshot: a restore needs code that knows it. */
  migration: z.string().nullable(),
  /** Rows per table, counted in the same snapshot that was dumped. */
  tables: z.record(z.string(), z.number().int().min(0)),
  audit: z.object({ count: z.number().int().min(0), lastId: z.string().nullable(), head: z.string().nullable() }),
  /** The uploaded and generated documents live in the database (documents.content). */
  documents: z.object({
    count: z.number().int().min(0),
    withContent: z.number().int().min(0),
    bytes: z.number().int().min(0),
    /** sha256 over the sorted `id sha256` lines: the restored set must be the same set. */
    digest: z.string(),
  }),
  files: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export type SnapshotFacts = Pick<Manifest, 'migration' | 'tables' | 'audit' | 'documents'>;

/** The application's tables (SQLite: without the shadow tables of full-text indexes). */
export async function listTables(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table'`.execute(db);
    const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
    const shadow = (name: string) => virtual.some((v) => new RegExp(`^${v}_(data|idx|content|docsize|config)$`).test(name));
    return rows
      .map((r) => r.name)
      .filter((n) => !n.startsWith('sqlite_') && !shadow(n))
      .sort();
  }
  const { rows } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.map((r) => r.name).sort();
}

export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** What the manifest says about one snapshot; run on the snapshot itself (or inside its transaction). */
export async function snapshotFacts(db: Kysely<any>, dialect: Dialect): Promise<SnapshotFacts> {
  const tables: Record<string, number> = {};
  for (const t of await listTables(db, dialect)) tables[t] = await countRows(db, t);
  const migration =
    'kysely_migration' in tables ? ((await db.selectFrom('kysely_migration').select('name').orderBy('name', 'desc').limit(1).executeTakeFirst())?.name ?? null) : null;
  return { migration, tables, audit: await auditHead(db), documents: await documentsSummary(db) };
}

export async function documentsSummary(db: Kysely<any>): Promise<Manifest['documents']> {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'sha256', 'size', sql<number>`case when content is null then 0 else 1 end`.as('has_content')])
    .execute();
  const lines = rows.map((r) => `${r.id} ${r.sha256}`).sort();
  const withContent = rows.filter((r) => Number(r.has_content) === 1);
  return {
    count: rows.length,
    withContent: withContent.length,
    bytes: withContent.reduce((s, r) => s + Number(r.size), 0),
    digest: createHash('sha256').update(lines.join('\n')).digest('hex'),
  };
}
