import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Cases and their dossier: parties, timeline, deadlines, documents, notes,
// letters, and the mail outbox. The dossier lives here, apart from any client
// file [000 §3.8]. Content columns are deleted by the retention job 5 years
// after closing; the audit log keeps only ids.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = pg ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('regulation_id', 'text', (c) => c.notNull())
    .addColumn('regulation_version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complainant', 'text')
    .addColumn('description', 'text')
    .addColumn('desired_outcome', 'text')
    .addColumn('facts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('admissibility', 'text')
    .addColumn('outcome', 'text')
    .addColumn('handler_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('status_token_hash', 'text', (c) => c.unique())
    .addColumn('next_due', 'text')
    .addColumn('transferred_from', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('retain_until', 'text')
    .addColumn('destroyed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('cases_org_year_seq', ['organisation_id', 'year', 'seq'])
    .addUniqueConstraint('cases_org_reference', ['organisation_id', 'reference'])
    .execute();
  // Work queues: open cases of an organisation by their next deadline.
  await db.schema.createIndex('cases_open_due').on('cases').columns(['organisation_id', 'next_due']).where(sql.ref('closed_at'), 'is', null).execute();
  await db.schema.createIndex('cases_org_id').on('cases').columns(['organisation_id', 'id']).execute();
  await db.schema.createIndex('cases_reference').on('cases').column('reference').execute();
  await db.schema.createIndex('cases_handler').on('cases').columns(['handler_user_id', 'next_due']).execute();
  await db.schema.createIndex('cases_retention').on('cases').column('retain_until').where(sql.ref('destroyed_at'), 'is', null).execute();

  // The next reference number per organisation and year: one atomic upsert, so
  // concurrent intakes on PostgreSQL queue on the row instead of clashing.
  await db.schema
    .createTable('case_counters')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_pk', ['organisation_id', 'year'])
    .execute();

  await db.schema
    .createTable('case_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // respondent | representative | confidant
    .addColumn('name', 'text')
    .addColumn('department', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_parties_case').on('case_parties').column('case_id').execute();
  await db.schema.createIndex('case_parties_user').on('case_parties').columns(['user_id', 'case_id']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_deadlines')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // Position in the case's list: a reopened case has the same level and kind twice.
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('alerted_at', 'text')
    .addPrimaryKeyConstraint('case_deadlines_pk', ['case_id', 'idx'])
    .execute();
  // The overdue list and the deadline monitor: one indexed range scan.
  // Not yet done (open, or missed and still outstanding): overdue when due < today.
  await db.schema.createIndex('case_deadlines_pending').on('case_deadlines').columns(['due', 'organisation_id']).where(sql.ref('done_on'), 'is', null).execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // upload | letter
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content', blob as never)
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_case').on('documents').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('author_user_id', 'text')
    .addColumn('text', 'text')
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_notes_case').on('case_notes').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('document_id', 'text', (c) => c.references('documents.id'))
    .addColumn('recipient', 'text', (c) => c.notNull()) // complainant | respondent
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('letters_case').on('letters').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text')
    .addColumn('organisation_id', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attachment_document_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').column('next_attempt_at').where(sql.ref('status'), '=', 'pending').execute();
  await db.schema.createIndex('outbox_case').on('outbox').column('case_id').execute();

  // Full-text search over reference, names and description: FTS5 on SQLite,
  // a Dutch tsvector with a GIN index on PostgreSQL.
  if (pg) {
    await sql`create table case_search (case_id text primary key references cases(id), body text not null)`.execute(db);
    await sql`create index case_search_fts on case_search using gin (to_tsvector('dutch', body))`.execute(db);
  } else {
    await sql`create virtual table case_search using fts5(case_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['case_search', 'outbox', 'letters', 'case_notes', 'documents', 'case_deadlines', 'case_events', 'case_parties', 'case_counters', 'cases']) {
    await db.schema.dropTable(t).execute();
  }
}
