import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { IndexedBy } from '../db/indexed-by.ts';
import { addWorkingDays, amsterdamDate } from '../domain/index.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Job } from './runner.ts';
import { getRegulation } from '../db/regulations.ts';

const KIND_NL: Record<string, string> = {
  acknowledgement: 'ontvangstbevestiging',
  'first-contact': 'eerste contact',
  'admissibility-notice': 'bericht over ontvankelijkheid',
  decision: 'oordeel',
  objection: 'bezwaartermijn',
  repair: 'aanvulling van de klacht',
};

/** Working days before a deadline that the handler is reminded. */
export const REMIND_WORKING_DAYS = 2;

/**
 * Who hears about a case's deadlines: its handler, else the organisation's complaints officers;
 * and beside them the coordinators the regulation names at the case's level (issue 12).
 */
async function recipientsFor(db: Kysely<DB>, caseId: string): Promise<string[]> {
  const c = await db
    .selectFrom('cases')
    .select(['handler_user_id', 'organisation_id', 'regulation_id', 'regulation_version', 'level'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const coordinatorRole = (await getRegulation(db, c.regulation_id, c.regulation_version))?.regulation.levels.find((l) => l.id === c.level)?.coordinator?.role;
  const coordinators = coordinatorRole ? await activeWithRole(db, c.organisation_id, coordinatorRole) : [];
  const withCoordinators = (to: string[]) => [...new Set([...to, ...coordinators])];
  if (c.handler_user_id) {
    const u = await db.selectFrom('users').select(['email', 'active']).where('id', '=', c.handler_user_id).executeTakeFirst();
    if (u?.active === 1) return withCoordinators([u.email]);
  }
  return withCoordinators(await activeWithRole(db, c.organisation_id, 'complaints-officer'));
}

async function activeWithRole(db: Kysely<DB>, organisationId: string, role: string): Promise<string[]> {
  const officers = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.organisation_id', '=', organisationId)
    .where('m.role', '=', role)
    .where('u.active', '=', 1)
    .execute();
  return officers.map((o) => o.email);
}

/**
 * Reminds handlers before a deadline and alerts them when one is missed; marks
 * passed deadlines missed so the stored status stays true between events.
 * Mails hold the reference, the kind of deadline and the date, never content.
 * Each deadline is reminded and alerted once (reminded_at, alerted_at).
 */
export async function monitorDeadlines(db: Kysely<DB>, publicUrl: string, now: Date, batch = 500): Promise<{ reminded: number; alerted: number }> {
  const today = amsterdamDate(now);
  const soon = addWorkingDays(today, REMIND_WORKING_DAYS);
  const stamp = now.toISOString();
  let reminded = 0;
  let alerted = 0;

  // What still needs a mail is chosen in the query, each on its own partial index
  // (case_deadlines_to_alert, case_deadlines_to_remind): rows already alerted or
  // reminded are not in those indexes, so old ones can never crowd out new ones.
  // Every mailed row leaves its index, so the next batch starts after it.
  const due = (missed: boolean) => {
    let q = db
      .selectFrom('case_deadlines as d')
      .innerJoin('cases as c', 'c.id', 'd.case_id')
      .select(['d.case_id', 'd.idx', 'd.kind', 'd.due', 'd.explanation', 'c.reference'])
      .where('d.done_on', 'is', null)
      .where('c.closed_at', 'is', null)
      .where('c.destroyed_at', 'is', null);
    q = missed ? q.where('d.alerted_at', 'is', null).where('d.due', '<', today) : q.where('d.reminded_at', 'is', null).where('d.due', '>=', today).where('d.due', '<=', soon);
    return q.orderBy('d.due').orderBy('d.case_id').orderBy('d.idx').limit(batch).execute();
  };

  for (const missed of [true, false]) {
    // A bounded number of batches per run; the job's next turn goes on where this one stopped.
    for (let round = 0; round < 20; round++) {
      const rows = await due(missed);
      for (const d of rows) {
        const to = await recipientsFor(db, d.case_id);
        // A term the regulation names itself is reminded by its own name.
        const what = d.kind === 'named' ? ((JSON.parse(d.explanation) as { term?: { name: string } }).term?.name ?? d.kind) : (KIND_NL[d.kind] ?? d.kind);
        await db.transaction().execute(async (trx) => {
          for (const address of to) {
            await enqueueMail(
              trx,
              {
                caseId: d.case_id,
                to: address,
                subject: missed ? `Termijn verstreken: ${what} voor ${d.reference}` : `Herinnering: ${what} voor ${d.reference} uiterlijk ${d.due}`,
                body: [
                  missed
                    ? `De termijn voor ${what} in zaak ${d.reference} liep af op ${d.due}. Leg vast wat er is gebeurd, of neem contact op met de klager.`
                    : `De termijn voor ${what} in zaak ${d.reference} loopt af op ${d.due}.`,
                  '',
                  `Open de zaak: ${publicUrl}/cases/${d.case_id}`,
                ].join('\n'),
              },
              now,
            );
          }
          const set = missed ? { status: 'missed', alerted_at: stamp } : { reminded_at: stamp };
          await trx.updateTable('case_deadlines').set(set).where('case_id', '=', d.case_id).where('idx', '=', d.idx).execute();
        });
        if (missed) alerted++;
        else reminded++;
      }
      if (rows.length < batch) break;
    }
  }
  return { reminded, alerted };
}

/**
 * Marks the open cases whose next_due has passed (overdue_marked, migration 905), in batches: the
 * overdue list then reads them from their own index instead of skipping every case not yet due.
 * A hint only: the list tests next_due itself, and writing next_due clears the mark.
 */
export async function markOverdue(db: Kysely<DB>, dialect: Dialect, now: Date, batch = 1000): Promise<number> {
  const today = amsterdamDate(now);
  let marked = 0;
  for (;;) {
    // The literal condition lets SQLite read the passed ones from cases_unmarked_due; named, because
    // before the statistics job has seen the new index SQLite read the open cases instead (1 s at 1M).
    let passed = db.selectFrom('cases').select('id').where('closed_at', 'is', null).where(sql<boolean>`overdue_marked = 0`).where('next_due', '<', today).limit(batch);
    if (dialect === 'sqlite') passed = passed.withPlugin(new IndexedBy('cases', 'cases_unmarked_due'));
    const res = await db.updateTable('cases').set({ overdue_marked: 1 }).where('id', 'in', passed).where(sql<boolean>`overdue_marked = 0`).executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    marked += n;
    if (n < batch) return marked;
  }
}

export const deadlineMonitorJob: Job = {
  name: 'deadline-monitor',
  everyMs: 5 * 60 * 1000,
  async run({ db, config }, now) {
    await markOverdue(db, config.database.kind, now);
    await monitorDeadlines(db, config.publicUrl, now);
  },
};
