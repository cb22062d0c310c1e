import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../context.ts';
import { requireActor } from '../context.ts';
import { AppError, fieldError, forbidden, notFound } from '../../core/errors.ts';
import { auditDeniedAccess } from '../audit/denied.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { caseFor } from './cases.routes.ts';
import { recordRead } from '../../core/audit/read-audit.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The file types a dossier accepts, recognised by their first bytes, not by the name the sender gave. */
export function sniffType(buf: Buffer): { mime: string; ext: string } | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => buf[at + i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (starts([0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (starts([0x50, 0x4b, 0x03, 0x04]) && buf.includes('word/')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
  }
  // Plain text: valid UTF-8 without control characters other than white space.
  const text = buf.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what makes a file not plain text
  if (!text.includes('\uFFFD') && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) return { mime: 'text/plain; charset=utf-8', ext: 'txt' };
  return null;
}

/** Reads the one file of a multipart upload, within the size limit, and recognises its type by content. */
export async function readUpload(req: FastifyRequest): Promise<{ content: Buffer; type: { mime: string; ext: string }; name: string; fields: Record<string, unknown> }> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported-media-type', 'Send the document as multipart/form-data with a field "file".');
  const broken = (err: unknown): never => {
    const e = err as { code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'too-large', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
    if (err instanceof AppError) throw err;
    throw new AppError(400, 'invalid-multipart', `The upload could not be read: ${e.message ?? 'malformed multipart body'}.`);
  };
  const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }).catch(broken);
  if (!file) throw fieldError('file', 'no file was sent');
  const content = await file.toBuffer().catch(broken);
  if (content.length === 0) throw fieldError('file', 'the file is empty');
  const type = sniffType(content);
  if (!type) throw new AppError(415, 'unsupported-file-type', 'Only PDF, PNG, JPEG, Word (DOCX) and plain text documents are accepted.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL in a file name is replaced
  const name = (file.filename || `document.${type.ext}`).replace(/[\\/\u0000]/g, '_').slice(0, 200);
  // A name that promises another type than the content is refused: a reader would open it wrongly.
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const same: Record<string, string[]> = { pdf: ['pdf'], png: ['png'], jpg: ['jpg', 'jpeg'], docx: ['docx'], txt: ['txt', 'text', 'md', 'csv'] };
  const known = Object.values(same).flat();
  if (ext && known.includes(ext) && !same[type.ext]!.includes(ext)) {
    throw new AppError(415, 'unsupported-file-type', `The file is named .${ext} but its content is ${type.ext.toUpperCase()}.`);
  }
  return { content, type, name, fields: file.fields as Record<string, unknown> };
}

/** Sends a stored document inline, never cached by shared caches. */
export function sendDocument(reply: FastifyReply, d: { name: string; mime: string; content: Buffer | Uint8Array }) {
  return reply
    .header('content-type', d.mime)
    .header('content-disposition', `inline; filename="${d.name.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(d.content));
}

/**
 * What a party (complainant or respondent) may see of the dossier: uploads
 * shared with the parties [002 §7], and the letters addressed to that party.
 */
export function visibleToParty(eb: ExpressionBuilder<DB, 'documents'>, caseId: string, party: 'complainant' | 'respondent') {
  return eb.or([
    eb.and([eb('documents.kind', '=', 'upload'), eb('documents.shared', '=', 1)]),
    eb(
      'documents.id',
      'in',
      eb
        .selectFrom('letters')
        .select('letters.document_id')
        .where('letters.case_id', '=', caseId)
        .where('letters.recipient', '=', party)
        .where('letters.document_id', 'is not', null)
        .$narrowType<{ document_id: string }>(),
    ),
  ]);
}

const documentOut = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  kind: z.string(),
  shared: z.boolean(),
  createdAt: z.string(),
});
const noteOut = z.object({ id: z.string(), text: z.string().nullable(), internal: z.boolean(), authorUserId: z.string().nullable(), createdAt: z.string() });
const letterOut = z.object({ id: z.string(), kind: z.string(), recipient: z.string(), documentId: z.string().nullable(), eventId: z.string().nullable(), createdAt: z.string() });
const docParams = z.object({ id: z.string().min(1).max(64), documentId: z.string().min(1).max(64) });

/**
 * The dossier of a case: documents (shared with the parties or internal),
 * notes, and the letters. A respondent sees only what is shared: documents not
 * shown to both parties cannot weigh in the judgement [002 §7]. Oversight sees
 * none of it.
 */
export const dossierRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;
  app.addHook('onSend', auditDeniedAccess(deps));

  app.get(
    '/:id/documents',
    {
      schema: {
        tags: ['dossier'],
        summary: 'Documents of the case (a respondent sees the shared ones)',
        params: idParams,
        response: { 200: z.object({ items: z.array(documentOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { c, access } = await caseFor(deps, req, req.params.id);
      if (access.view === 'process') throw forbidden('Oversight sees process data, not the dossier.');
      let q = db.selectFrom('documents').select(['id', 'name', 'mime', 'size', 'sha256', 'kind', 'shared', 'created_at']).where('case_id', '=', c.id).orderBy('id');
      if (access.view === 'respondent') q = q.where((eb) => visibleToParty(eb, c.id, 'respondent'));
      const rows = await q.execute();
      return { items: rows.map((d) => ({ id: d.id, name: d.name, mime: d.mime, size: d.size, sha256: d.sha256, kind: d.kind, shared: d.shared === 1, createdAt: d.created_at })) };
    },
  );

  app.get('/:id/documents/:documentId/content', { schema: { tags: ['dossier'], summary: 'Download a document', params: docParams } }, async (req, reply) => {
    const { c, access } = await caseFor(deps, req, req.params.id, false);
    if (access.view === 'process') throw forbidden('Oversight sees process data, not the dossier.');
    let q = db.selectFrom('documents').selectAll().where('id', '=', req.params.documentId).where('case_id', '=', c.id);
    if (access.view === 'respondent') q = q.where((eb) => visibleToParty(eb, c.id, 'respondent'));
    const d = await q.executeTakeFirst();
    if (!d?.content) throw notFound('The document');
    await recordRead(deps, {
      actor: req.actor,
      ip: req.ip,
      action: 'document.read',
      entityType: 'document',
      entityId: d.id,
      organisationId: c.organisation_id,
      details: { caseId: c.id },
      ...(access.committee && { actorRole: 'committee-member' }),
    });
    return sendDocument(reply, { name: d.name, mime: d.mime, content: d.content });
  });

  app.post(
    '/:id/documents',
    {
      schema: {
        tags: ['dossier'],
        summary: `Upload a document (multipart: file, shared=true|false); at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; PDF, PNG, JPEG, DOCX or plain text, checked on content`,
        params: idParams,
        response: { 201: documentOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot add documents to this case.');
      const { content, type, name, fields } = await readUpload(req);
      const shared = (fields.shared as { value?: string } | undefined)?.value === 'true';
      const row = {
        id: newId(),
        case_id: c.id,
        kind: 'upload',
        name,
        mime: type.mime,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        shared: shared ? 1 : 0,
        content,
        uploaded_by: actor.userId,
        created_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('documents').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'document.uploaded',
          entityType: 'document',
          entityId: row.id,
          organisationId: c.organisation_id,
          details: { caseId: c.id, shared, size: row.size },
          ...(access.committee && { actorRole: 'committee-member' }),
        });
      });
      return reply.code(201).send({ id: row.id, name, mime: row.mime, size: row.size, sha256: row.sha256, kind: row.kind, shared, createdAt: row.created_at });
    },
  );

  app.patch(
    '/:id/documents/:documentId',
    {
      schema: {
        tags: ['dossier'],
        summary: 'Share a document with the parties, or make it internal',
        params: docParams,
        body: z.object({ shared: z.boolean() }).strict(),
        response: { 200: documentOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot change this dossier.');
      const d = await db
        .selectFrom('documents')
        .select(['id', 'name', 'mime', 'size', 'sha256', 'kind', 'created_at'])
        .where('id', '=', req.params.documentId)
        .where('case_id', '=', c.id)
        .executeTakeFirst();
      if (!d) throw notFound('The document');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('documents')
          .set({ shared: req.body.shared ? 1 : 0 })
          .where('id', '=', d.id)
          .execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'document.shared-changed',
          entityType: 'document',
          entityId: d.id,
          organisationId: c.organisation_id,
          details: { shared: req.body.shared },
          ...(access.committee && { actorRole: 'committee-member' }),
        });
      });
      return { id: d.id, name: d.name, mime: d.mime, size: d.size, sha256: d.sha256, kind: d.kind, shared: req.body.shared, createdAt: d.created_at };
    },
  );

  app.get(
    '/:id/notes',
    {
      schema: {
        tags: ['dossier'],
        summary: 'Notes (a respondent never sees internal notes)',
        params: idParams,
        response: { 200: z.object({ items: z.array(noteOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { c, access } = await caseFor(deps, req, req.params.id);
      if (access.view === 'process') throw forbidden('Oversight sees process data, not the dossier.');
      let q = db.selectFrom('case_notes').selectAll().where('case_id', '=', c.id).orderBy('id');
      if (access.view === 'respondent') q = q.where('internal', '=', 0);
      const rows = await q.execute();
      return { items: rows.map((n) => ({ id: n.id, text: n.text, internal: n.internal === 1, authorUserId: n.author_user_id, createdAt: n.created_at })) };
    },
  );

  app.post(
    '/:id/notes',
    {
      schema: {
        tags: ['dossier'],
        summary: 'Add a note; internal (default) or shared with the parties',
        params: idParams,
        body: z.object({ text: z.string().trim().min(1).max(20_000), internal: z.boolean().default(true) }).strict(),
        response: { 201: noteOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { c, access } = await caseFor(deps, req, req.params.id, false);
      if (!access.canHandle) throw forbidden('You cannot add notes to this case.');
      const row = { id: newId(), case_id: c.id, author_user_id: actor.userId, text: req.body.text, internal: req.body.internal ? 1 : 0, created_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('case_notes').values(row).execute();
        await appendAudit(trx, {
          actor,
          ip: req.ip,
          action: 'note.added',
          entityType: 'note',
          entityId: row.id,
          organisationId: c.organisation_id,
          details: { caseId: c.id, internal: req.body.internal },
          ...(access.committee && { actorRole: 'committee-member' }),
        });
      });
      return reply.code(201).send({ id: row.id, text: row.text, internal: req.body.internal, authorUserId: actor.userId, createdAt: row.created_at });
    },
  );

  app.get(
    '/:id/letters',
    {
      schema: {
        tags: ['dossier'],
        summary: 'Letters sent in this case; each is a PDF document in the dossier',
        params: idParams,
        response: { 200: z.object({ items: z.array(letterOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { c, access } = await caseFor(deps, req, req.params.id);
      if (access.view === 'process') throw forbidden('Oversight sees process data, not the dossier.');
      let q = db.selectFrom('letters').selectAll().where('case_id', '=', c.id).orderBy('id');
      if (access.view === 'respondent') q = q.where('recipient', '=', 'respondent');
      const rows = await q.execute();
      return { items: rows.map((l) => ({ id: l.id, kind: l.kind, recipient: l.recipient, documentId: l.document_id, eventId: l.event_id, createdAt: l.created_at })) };
    },
  );
};
