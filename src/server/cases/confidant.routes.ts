import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../context.ts';
import { requireActor } from '../context.ts';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.ts';
import { auditDeniedAccess } from '../audit/denied.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { recordRead } from '../../core/audit/read-audit.ts';
import { hit, readHit } from '../../core/rate-limit.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { complainantShareables } from './public.routes.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { isIsoDate } from '../../domain/calendar.ts';
import { STATUSES } from '../../domain/lifecycle.ts';
import type { CaseState } from '../../domain/case.ts';
import { caseFor } from './cases.routes.ts';
import { hashToken, loadDetail, regulationOfCase, type CaseRow } from './cases.service.ts';
import { sendDocument, visibleToParty } from './dossier.routes.ts';

/**
 * Confidants (vertrouwenspersonen) [issue 9 §2.8]: someone the complainant trusts helps
 * word the complaint or prepare a hearing. An officer records the complainant's consent
 * (who registered it and when; revocable); the confidant then follows the case through
 * a secret link of its own, like the complainant's status link: the process, the letters
 * to the complainant and the documents shared with the parties. Never internal notes,
 * never what is meant for the respondent, and no acts on the case; the confidant may
 * only leave a recommendation, which the annual report counts [issue 12].
 */

const isoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');
const confidantParams = idParams.extend({ confidantId: z.string().min(1).max(64) });
const tokenParams = z.object({ token: z.string().min(20).max(100) });

const recommendationOut = z.object({ id: z.string(), text: z.string(), by: z.enum(['confidant', 'staff']), recordedAt: z.string() });
const confidantOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  consent: z.object({
    on: z.string().describe('the day the complainant gave consent'),
    note: z.string().nullable().describe('how it was given, e.g. in writing'),
    registeredBy: z.object({ id: z.string(), name: z.string().nullable() }),
    registeredAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
  }),
  active: z.boolean(),
  recommendations: z.array(recommendationOut),
});

type ConfidantRow = DB['case_confidants'] extends infer T ? { [K in keyof T]: T[K] } : never;

async function confidantsOf(db: Kysely<DB>, caseId: string) {
  const rows = await db
    .selectFrom('case_confidants as k')
    .leftJoin('users as u', 'u.id', 'k.registered_by')
    .selectAll('k')
    .select('u.name as registered_by_name')
    .where('k.case_id', '=', caseId)
    .orderBy('k.id')
    .execute();
  const recs = await db.selectFrom('confidant_recommendations').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    email: k.email,
    consent: {
      on: k.consent_on,
      note: k.consent_note,
      registeredBy: { id: k.registered_by, name: k.registered_by_name ?? null },
      registeredAt: k.registered_at,
      revokedAt: k.revoked_at,
      revokedBy: k.revoked_by,
      revokeReason: k.revoke_reason,
    },
    active: k.revoked_at === null,
    recommendations: recs
      .filter((r) => r.confidant_id === k.id)
      .map((r) => ({ id: r.id, text: r.text, by: r.recorded_by === null ? ('confidant' as const) : ('staff' as const), recordedAt: r.recorded_at })),
  }));
}

/** The handling side: record, list and revoke consent; record a confidant's recommendation. */
export const confidantRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db, config } = deps;
  app.addHook('onSend', auditDeniedAccess(deps));

  /** The handling side only: a respondent or oversight never sees who supports the complainant. */
  async function handlingCase(req: Parameters<typeof caseFor>[1], id: string, audit: 'read' | false) {
    const { c, access } = await caseFor(deps, req, id, audit);
    if (access.view !== 'full') throw forbidden('Only the handling side sees the confidants of a case.');
    return { c, access };
  }

  app.get(
    '/:id/confidants',
    {
      schema: {
        tags: ['confidants'],
        summary: "The confidants of a case, with the complainant's consent and their recommendations",
        params: idParams,
        response: { 200: z.object({ allowed: z.boolean(), items: z.array(confidantOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { c } = await handlingCase(req, req.params.id, 'read');
      const regulation = await regulationOfCase(db, c);
      return { allowed: regulation.confidants?.allowed ?? true, items: await confidantsOf(db, c.id) };
    },
  );

  app.post(
    '/:id/confidants',
    {
      schema: {
        tags: ['confidants'],
        summary: "Record the complainant's consent that a confidant follows the case; answers the confidant's secret link once",
        params: idParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            email: z.email().max(320).optional(),
            consentOn: isoDate.describe('the day the complainant gave consent'),
            consentNote: z.string().trim().max(2000).optional().describe('how consent was given, e.g. "schriftelijk, formulier in het dossier"'),
          })
          .strict(),
        response: { 201: confidantOut.extend({ accessUrl: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await handlingCase(req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot record consent on this case.');
      if (!c.complainant) throw conflict('no-complainant', 'An anonymous report has no complainant who can give consent.');
      const regulation = await regulationOfCase(db, c);
      if (regulation.confidants && !regulation.confidants.allowed) {
        throw conflict('confidants-not-allowed', `The regulation does not provide for confidants [${regulation.confidants.source}].`);
      }
      const token = randomBytes(32).toString('base64url');
      const row: ConfidantRow = {
        id: newId(),
        case_id: c.id,
        name: req.body.name,
        email: req.body.email ?? null,
        token_hash: hashToken(token),
        consent_on: req.body.consentOn,
        consent_note: req.body.consentNote ?? null,
        registered_by: actor.userId,
        registered_at: nowIso(),
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('case_confidants').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'confidant.consent-recorded',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
          details: { confidantId: row.id, consentOn: row.consent_on },
        });
      });
      const out = (await confidantsOf(db, c.id)).find((k) => k.id === row.id)!;
      return reply.code(201).send({ ...out, accessUrl: `${config.publicUrl}/vertrouwenspersoon/${token}` });
    },
  );

  app.post(
    '/:id/confidants/:confidantId/revoke',
    {
      schema: {
        tags: ['confidants'],
        summary: "The complainant withdrew consent: the confidant's link stops working at once",
        params: confidantParams,
        body: z.object({ reason: z.string().trim().max(2000).optional() }).strict(),
        response: { 200: confidantOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, access } = await handlingCase(req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot change consent on this case.');
      const k = await db.selectFrom('case_confidants').select(['id', 'revoked_at']).where('id', '=', req.params.confidantId).where('case_id', '=', c.id).executeTakeFirst();
      if (!k) throw notFound('The confidant');
      if (k.revoked_at) throw conflict('consent-already-revoked', 'Consent was already revoked.');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('case_confidants')
          .set({ revoked_at: nowIso(), revoked_by: actor.userId, revoke_reason: req.body.reason ?? null, token_hash: null })
          .where('id', '=', k.id)
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'confidant.consent-revoked',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
          details: { confidantId: k.id },
        });
      });
      return (await confidantsOf(db, c.id)).find((x) => x.id === k.id)!;
    },
  );

  app.post(
    '/:id/confidants/:confidantId/recommendations',
    {
      schema: {
        tags: ['confidants'],
        summary: 'Record a recommendation the confidant made (counted in the annual report)',
        params: confidantParams,
        body: z.object({ text: z.string().trim().min(1).max(10_000) }).strict(),
        response: { 201: recommendationOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await handlingCase(req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot record recommendations on this case.');
      const k = await db.selectFrom('case_confidants').select('id').where('id', '=', req.params.confidantId).where('case_id', '=', c.id).executeTakeFirst();
      if (!k) throw notFound('The confidant');
      const row = { id: newId(), case_id: c.id, confidant_id: k.id, text: req.body.text, recorded_by: actor.userId, recorded_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('confidant_recommendations').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'confidant.recommendation-recorded',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
          details: { confidantId: k.id },
        });
      });
      return reply.code(201).send({ id: row.id, text: row.text, by: 'staff', recordedAt: row.recorded_at });
    },
  );
};

const confidantView = z.object({
  reference: z.string(),
  organisation: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  confidant: z.object({ name: z.string(), consentOn: z.string() }),
  kind: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  ended: z.boolean(),
  level: z.object({ id: z.string(), name: z.string() }),
  receivedOn: z.string(),
  deadlines: z.array(z.object({ kind: z.string(), due: z.string(), status: z.string() })),
  timeline: z.array(z.object({ type: z.string(), on: z.string() })),
  letters: z.array(z.object({ id: z.string(), kind: z.string(), createdAt: z.string(), documentId: z.string().nullable() })),
  documents: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })),
  recommendations: z.array(recommendationOut),
});

/** The confidant's side, behind the secret link; a wrong or revoked link is a plain 404. */
export const confidantPublicRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  async function byToken(token: string): Promise<{ c: CaseRow; k: { id: string; name: string; consent_on: string } }> {
    const k = await db
      .selectFrom('case_confidants')
      .select(['id', 'case_id', 'name', 'consent_on'])
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const c = k && (await db.selectFrom('cases').selectAll().where('id', '=', k.case_id).where('destroyed_at', 'is', null).executeTakeFirst());
    if (!k || !c) throw notFound('The case');
    return { c, k };
  }

  app.get(
    '/:token',
    {
      schema: {
        tags: ['public'],
        summary: "The case as the complainant's confidant may see it: process, letters to the complainant, shared documents",
        params: tokenParams,
        response: { 200: confidantView, ...errorResponses },
      },
    },
    async (req) => {
      await readHit(deps, `confidant:${req.ip}`, 300, 3600);
      const { c, k } = await byToken(req.params.token);
      const regulation = await regulationOfCase(db, c);
      const state = JSON.parse(c.state) as CaseState;
      const org = await db.selectFrom('organisations').select(['name', 'email', 'phone']).where('id', '=', c.organisation_id).executeTakeFirstOrThrow();
      const { events, deadlines } = await loadDetail(db, c.id);
      const { letters, docs } = await complainantShareables(db, c.id);
      const recs = await db.selectFrom('confidant_recommendations').selectAll().where('confidant_id', '=', k.id).orderBy('id').execute();
      await recordRead(deps, {
        actor: null,
        actorRole: 'confidant',
        ip: req.ip,
        action: 'case.read-by-confidant',
        entityType: 'case',
        entityId: c.id,
        organisationId: c.organisation_id,
        details: { confidantId: k.id },
      });
      return {
        reference: c.reference,
        organisation: org,
        confidant: { name: k.name, consentOn: k.consent_on },
        kind: c.kind,
        status: c.status,
        statusLabel: STATUSES[state.status].label,
        ended: STATUSES[state.status].ended,
        level: { id: c.level, name: regulation.levels.find((l) => l.id === c.level)?.name ?? c.level },
        receivedOn: c.received_on,
        deadlines: deadlines.map((d) => ({ kind: d.kind, due: d.due, status: d.status })),
        // As on the complainant's status page: what happened and when, without its content.
        timeline: events.map((e) => ({ type: e.type, on: e.on_date })),
        letters: letters.map((l) => ({ id: l.id, kind: l.kind, createdAt: l.created_at, documentId: l.document_id })),
        documents: docs.map((d) => ({ id: d.id, name: d.name, createdAt: d.created_at })),
        recommendations: recs.map((r) => ({ id: r.id, text: r.text, by: r.recorded_by === null ? ('confidant' as const) : ('staff' as const), recordedAt: r.recorded_at })),
      };
    },
  );

  app.get(
    '/:token/documents/:documentId',
    {
      schema: {
        tags: ['public'],
        summary: 'A letter to the complainant or a shared document, for the confidant',
        params: tokenParams.extend({ documentId: z.string().min(1).max(64) }),
      },
    },
    async (req, reply) => {
      await readHit(deps, `confidant:${req.ip}`, 300, 3600);
      const { c, k } = await byToken(req.params.token);
      const d = await db
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', req.params.documentId)
        .where('case_id', '=', c.id)
        .where((eb) => visibleToParty(eb, c.id, 'complainant'))
        .executeTakeFirst();
      if (!d?.content) throw notFound('The document');
      await recordRead(deps, {
        actor: null,
        actorRole: 'confidant',
        ip: req.ip,
        action: 'document.read-by-confidant',
        entityType: 'document',
        entityId: d.id,
        organisationId: c.organisation_id,
        details: { caseId: c.id, confidantId: k.id },
      });
      return sendDocument(reply, { name: d.name, mime: d.mime, content: d.content });
    },
  );

  app.post(
    '/:token/recommendations',
    {
      schema: {
        tags: ['public'],
        summary: 'The confidant leaves a recommendation for the organisation (the only thing a confidant records)',
        params: tokenParams,
        body: z.object({ text: z.string().trim().min(1).max(10_000) }).strict(),
        response: { 201: recommendationOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      await hit(db, `confidant-write:${req.ip}`, 30, 3600);
      const { c, k } = await byToken(req.params.token);
      if (STATUSES[c.status as keyof typeof STATUSES]?.ended) throw new AppError(409, 'case-ended', 'This case has ended.');
      const row = { id: newId(), case_id: c.id, confidant_id: k.id, text: req.body.text, recorded_by: null, recorded_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('confidant_recommendations').values(row).execute();
        await appendAudit(trx, {
          actor: null,
          actorRole: 'confidant',
          ip: req.ip,
          action: 'confidant.recommendation-by-confidant',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
          details: { confidantId: k.id },
        });
      });
      return reply.code(201).send({ id: row.id, text: row.text, by: 'confidant', recordedAt: row.recorded_at });
    },
  );
};
