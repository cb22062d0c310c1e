import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import canonicalize from 'canonicalize';
import type { DB } from '../db/schema.ts';
import { amsterdamDate } from '../domain/index.ts';
import type { CaseState } from '../domain/index.ts';
import { appendAudit } from '../core/audit/audit.repository.ts';
import type { Job } from './runner.ts';

/**
 * Destroys the dossier of cases whose retention ended (5 years after closing
 * by default [000 §3.8]): documents, letters, notes, parties, mails, the
 * search entry and every free text. What stays is the anonymous skeleton the
 * annual reports count (kind, level, dates, outcome, categories, deadlines),
 * and the audit log, which holds ids only.
 */
export async function destroyExpiredDossiers(db: Kysely<DB>, now: Date, batch = 100): Promise<number> {
  const today = amsterdamDate(now);
  const due = await db
    .selectFrom('cases')
    .select(['id', 'organisation_id', 'state'])
    .where('destroyed_at', 'is', null)
    .where('retain_until', 'is not', null)
    .where('retain_until', '<=', today)
    .limit(batch)
    .execute();
  for (const c of due) {
    const state = JSON.parse(c.state) as CaseState;
    // Keep the type and day of each event (for lead times and deadlines), nothing of what was said.
    const skeleton = {
      ...state,
      facts: { kind: state.facts.kind, receivedOn: state.facts.receivedOn },
      events: state.events.map((e) => ({
        type: e.type,
        on: e.on,
        recordedAt: e.recordedAt,
        ...(e.type === 'escalated' && { toLevel: e.toLevel }),
        ...(e.type === 'referred' && { referralId: e.referralId }),
      })),
      ...(state.decision && { decision: { outcome: state.decision.outcome, on: state.decision.on, motivation: '' } }),
    };
    await db.transaction().execute(async (trx) => {
      const destroyed = await destroyedDigest(trx, c.id);
      await trx.deleteFrom('outbox').where('case_id', '=', c.id).execute();
      await trx.deleteFrom('letters').where('case_id', '=', c.id).execute();
      await trx.deleteFrom('documents').where('case_id', '=', c.id).execute();
      await trx.deleteFrom('case_notes').where('case_id', '=', c.id).execute();
      await trx.deleteFrom('case_parties').where('case_id', '=', c.id).execute();
      // Confidants: who and what they wrote go; the counts the reports need stay.
      await trx.updateTable('case_confidants').set({ name: '', email: null, consent_note: null, token_hash: null, revoke_reason: null }).where('case_id', '=', c.id).execute();
      await trx.updateTable('confidant_recommendations').set({ text: '' }).where('case_id', '=', c.id).execute();
      await trx.deleteFrom('case_search').where('case_id', '=', c.id).execute();
      await trx.updateTable('case_events').set({ data: '{}' }).where('case_id', '=', c.id).execute();
      await trx
        .updateTable('cases')
        .set({
          complainant: null,
          description: null,
          desired_outcome: null,
          facts: JSON.stringify(skeleton.facts),
          state: JSON.stringify(skeleton),
          admissibility: null,
          status_token_hash: null,
          destroyed_at: now.toISOString(),
        })
        .where('id', '=', c.id)
        .execute();
      await appendAudit(trx, {
        actor: null,
        actorRole: 'system',
        ip: null,
        action: 'case.dossier-destroyed',
        entityType: 'case',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: destroyed,
      });
    });
  }
  return due.length;
}

/**
 * A SHA-256 over everything the destruction removes (RFC 8785 JSON of the rows;
 * document contents by their own hash), and how many rows of each kind: the
 * audit entry proves what was destroyed without keeping it.
 */
async function destroyedDigest(trx: Kysely<DB>, caseId: string) {
  const bytes = (v: unknown) => (v instanceof Uint8Array ? { sha256: createHash('sha256').update(v).digest('hex') } : v);
  const plain = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, bytes(v)])));
  const parts = {
    case: plain(await trx.selectFrom('cases').select(['complainant', 'description', 'desired_outcome', 'facts', 'state', 'admissibility']).where('id', '=', caseId).execute()),
    outbox: plain(await trx.selectFrom('outbox').selectAll().where('case_id', '=', caseId).orderBy('id').execute()),
    letters: plain(await trx.selectFrom('letters').selectAll().where('case_id', '=', caseId).orderBy('id').execute()),
    documents: plain(await trx.selectFrom('documents').selectAll().where('case_id', '=', caseId).orderBy('id').execute()),
    notes: plain(await trx.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).orderBy('id').execute()),
    parties: plain(await trx.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('id').execute()),
    events: await trx.selectFrom('case_events').select(['id', 'data']).where('case_id', '=', caseId).orderBy('id').execute(),
  };
  const contentSha256 = createHash('sha256').update(canonicalize(parts)!).digest('hex');
  const counts = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.length]));
  return { contentSha256, counts };
}

export const retentionJob: Job = {
  name: 'retention',
  everyMs: 60 * 60 * 1000,
  async run({ db }, now) {
    while ((await destroyExpiredDossiers(db, now)) > 0) {
      /* batches until none is left */
    }
  },
};
