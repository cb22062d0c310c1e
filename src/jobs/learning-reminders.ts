import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { addDays, amsterdamDate, reportDueDates } from '../domain/index.ts';
import { getRegulation, halfYearDueDates } from '../db/regulations.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { appendAudit } from '../core/audit/audit.repository.ts';
import type { Job } from './runner.ts';

/** How long before the last day a provider is reminded of its half-year report. */
export const REPORT_REMIND_DAYS = 14;

/**
 * Reminds owners of measures past their due date (once per due date);
 * providers whose half-year report to the municipality is due within two
 * weeks and not yet delivered [001 art. 11.1]; and organisations whose annual
 * report must be public by a date (Jeugdwet 4.3.1) and is not yet published.
 * Each report reminder goes once: it is recorded in the audit log, which the
 * check reads.
 */
export async function sendLearningReminders(db: Kysely<DB>, publicUrl: string, now: Date): Promise<{ measures: number; reports: number }> {
  const today = amsterdamDate(now);
  let measures = 0;
  let reports = 0;
  const late = await db
    .selectFrom('measures as m')
    .innerJoin('users as u', 'u.id', 'm.owner_user_id')
    .select(['m.id', 'm.title', 'm.due_on', 'm.organisation_id', 'u.email'])
    .where('m.state', 'in', ['planned', 'in-progress'])
    .where('m.due_on', '<', today)
    .where('m.reminded_at', 'is', null)
    .execute();
  for (const m of late) {
    await db.transaction().execute(async (trx) => {
      await enqueueMail(
        trx,
        {
          organisationId: m.organisation_id,
          to: m.email,
          subject: `Maatregel over de streefdatum: ${m.title}`,
          body: `De maatregel "${m.title}" had klaar moeten zijn op ${m.due_on}.\nWerk de stand bij: ${publicUrl}/measures/${m.id}`,
        },
        now,
      );
      await trx.updateTable('measures').set({ reminded_at: now.toISOString() }).where('id', '=', m.id).execute();
    });
    measures++;
  }

  const municipalities = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', db.selectFrom('organisations').select('parent_id').where('parent_id', 'is not', null))
    .execute();
  for (const muni of municipalities) {
    for (const due of await halfYearDueDates(db, muni.id, Number(today.slice(0, 4)))) {
      if (today > due.lastDay || today < addDays(due.lastDay, -REPORT_REMIND_DAYS)) continue;
      const providers = await db.selectFrom('organisations').select(['id', 'name']).where('parent_id', '=', muni.id).execute();
      for (const p of providers) {
        const year = Number(due.lastDay.slice(0, 4));
        const sent = await remindOnce(db, p.id, year, due.half, `half-year-${year}-${due.half}`, now, {
          subject: `Halfjaarrapportage klachten ${year}-${due.half}: uiterlijk ${due.lastDay} naar de gemeente`,
          body: `Lever de halfjaarrapportage klachten vóór ${addDays(due.lastDay, 1)} aan bij de gemeente [${due.source}].\n${publicUrl}/reports`,
        });
        if (sent) reports++;
      }
    }
  }
  // Annual reports that must be public by a date (Jeugdwet 4.3.1: before 1 June), over the year before.
  const orgs = await db.selectFrom('organisations').select(['id', 'regulation_id']).execute();
  for (const o of orgs) {
    const reg = (await getRegulation(db, o.regulation_id))?.regulation;
    if (!reg) continue;
    for (const due of reportDueDates(reg, Number(today.slice(0, 4))).filter((d) => d.period === 'year' && d.to === 'public')) {
      if (today > due.lastDay || today < addDays(due.lastDay, -REPORT_REMIND_DAYS)) continue;
      const year = Number(due.lastDay.slice(0, 4)) - 1;
      const sent = await remindOnce(db, o.id, year, 0, `annual-${year}`, now, {
        subject: `Jaarverslag klachten ${year}: uiterlijk ${due.lastDay} openbaar maken`,
        body: `Maak het jaarverslag klachten over ${year} openbaar vóór ${addDays(due.lastDay, 1)} [${due.source}].\n${publicUrl}/dashboard`,
      });
      if (sent) reports++;
    }
  }
  return { measures, reports };
}

/**
 * Mails an organisation's quality officers and admins about a report (half 0:
 * the annual report) unless it was delivered or they were reminded already;
 * the reminder is recorded in the audit log, which the check reads.
 */
async function remindOnce(
  db: Kysely<DB>,
  organisationId: string,
  year: number,
  half: number,
  subject: string,
  now: Date,
  mail: { subject: string; body: string },
): Promise<boolean> {
  const delivered = await db
    .selectFrom('report_deliveries')
    .select('delivered_at')
    .where('organisation_id', '=', organisationId)
    .where('year', '=', year)
    .where('half', '=', half)
    .executeTakeFirst();
  const reminded = await db
    .selectFrom('audit_log')
    .select('id')
    .where('subject', '=', subject)
    .where('action', '=', 'report.reminder-sent')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (delivered || reminded) return false;
  const to = await db
    .selectFrom('memberships as ms')
    .innerJoin('users as u', 'u.id', 'ms.user_id')
    .select('u.email')
    .where('ms.organisation_id', '=', organisationId)
    .where('ms.role', 'in', ['quality-officer', 'admin'])
    .where('u.active', '=', 1)
    .execute();
  await db.transaction().execute(async (trx) => {
    for (const r of to) await enqueueMail(trx, { organisationId, to: r.email, ...mail }, now);
    await appendAudit(trx, {
      actor: null,
      actorRole: 'system',
      ip: null,
      action: 'report.reminder-sent',
      entityType: 'organisation',
      entityId: organisationId,
      organisationId,
      subject,
    });
  });
  return true;
}

export const learningRemindersJob: Job = {
  name: 'learning-reminders',
  everyMs: 60 * 60 * 1000,
  async run({ db, config }, now) {
    await sendLearningReminders(db, config.publicUrl, now);
  },
};
