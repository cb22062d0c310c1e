import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import canonicalize from 'canonicalize';

// The audit log becomes a hash chain (NEN 7513, issue 10 §3): every entry
// carries its place (seq), the previous entry's hash and its own hash over
// its canonical (RFC 8785) content. audit_head is the one row every append
// updates in its transaction, so appends are serialised into one line, also
// with several nodes on one PostgreSQL. Signed checkpoints of the head are
// kept in audit_checkpoints (and outside the database); a checkpoint of kind
// 'cut' is the only thing that lets the owner prune old entries.
//
// The hash below is frozen here (migrations import no app code); it is the
// same as entryHash() in src/server/audit/chain.ts, version 1.
const GENESIS = '0'.repeat(64);

function hashV1(r: Record<string, unknown>, seq: number, prevHash: string): string {
  const content = {
    v: 1,
    seq,
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id ?? null,
    actorEmail: r.actor_email ?? null,
    actorRole: r.actor_role ?? null,
    ip: r.ip ?? null,
    action: r.action,
    entityType: r.entity_type ?? null,
    entityId: r.entity_id ?? null,
    organisationId: r.organisation_id ?? null,
    subject: r.subject ?? null,
    details: r.details ?? null,
    prevHash,
  };
  // RFC 8785 takes well-formed strings only (a lone surrogate becomes U+FFFD).
  const wellFormed = Object.fromEntries(
    Object.entries(content).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : v]),
  );
  return createHash('sha256').update(canonicalize(wellFormed)!).digest('hex');
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('actor_role', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'periodic' | 'cut'
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_checkpoints_seq').on('audit_checkpoints').columns(['kind', 'seq']).execute();

  // The last verification's outcome, for /healthz (one row, id 1).
  await db.schema
    .createTable('audit_verification')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('passed_at', 'text')
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('problem', 'text')
    .execute();

  // Chain the entries written before this migration, in id (= time) order.
  if (pg) await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`drop trigger audit_log_no_delete`.execute(db);
  }
  let seq = 0;
  let prev = GENESIS;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      seq += 1;
      const hash = hashV1(r, seq, prev);
      await db.updateTable('audit_log').set({ seq, prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
    }
    after = rows[rows.length - 1]!.id;
  }
  await db.insertInto('audit_head').values({ id: 1, seq, hash: prev }).execute();
  await db.schema.createIndex('audit_log_seq').on('audit_log').column('seq').unique().execute();

  // Append-only stays; a delete is allowed only below a recorded cut.
  if (pg) {
    await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and old.seq is not null
           and old.seq <= coalesce((select max(seq) from audit_checkpoints where kind = 'cut'), 0) then
          return old;
        end if;
        raise exception 'audit_log is append-only';
      end $$`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
    await sql`create function audit_checkpoints_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_checkpoints is append-only'; end $$`.execute(db);
    await sql`create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
      for each row execute function audit_checkpoints_append_only()`.execute(db);
    await sql`create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
      for each statement execute function audit_checkpoints_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      when old.seq is null or old.seq > coalesce((select max(seq) from audit_checkpoints where kind = 'cut'), 0)
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_checkpoints_no_update before update on audit_checkpoints
      begin select raise(abort, 'audit_checkpoints is append-only'); end`.execute(db);
    await sql`create trigger audit_checkpoints_no_delete before delete on audit_checkpoints
      begin select raise(abort, 'audit_checkpoints is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger if exists audit_checkpoints_no_truncate on audit_checkpoints`.execute(db);
    await sql`drop trigger if exists audit_checkpoints_append_only on audit_checkpoints`.execute(db);
    await sql`drop function if exists audit_checkpoints_append_only()`.execute(db);
    await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  } else {
    for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) {
      await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
    }
  }
  for (const t of ['audit_verification', 'audit_checkpoints', 'audit_head']) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('audit_log_seq').execute();
  for (const c of ['hash', 'prev_hash', 'actor_role', 'seq']) await db.schema.alterTable('audit_log').dropColumn(c).execute();
  if (!pg) {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}
