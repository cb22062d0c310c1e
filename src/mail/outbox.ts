// The transactional outbox: a mail is a row written in the same transaction as
// the event that causes it, so either both exist or neither. The sender job
// delivers rows later and retries until they go out.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { newId } from '../core/ids.ts';

export interface MailToSend {
  caseId?: string | null;
  organisationId?: string | null;
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
  /** A document (e.g. a letter PDF) sent along as attachment. */
  attachmentDocumentId?: string | null;
  /** 'mail-failure-alert' for an alert about failed mail. */
  purpose?: string | null;
}

const addressSchema = z.email();

/**
 * Queues a mail as status 'pending', due now. Pass the caller's transaction
 * (`trx`) so the mail commits or rolls back with the event it belongs to.
 * Returns the outbox id.
 */
export async function enqueueMail(db: Kysely<DB> | Transaction<DB>, mail: MailToSend, now: Date = new Date()): Promise<string> {
  const to = mail.to.trim();
  // Refuse now what no mail server would ever accept, rather than retry it forever.
  if (!addressSchema.safeParse(to).success) throw new RangeError(`not an e-mail address: "${to}"`);
  // A line break in a subject would start a new header.
  const subject = mail.subject.replace(/[\r\n]+/g, ' ').trim();
  if (subject === '') throw new RangeError('a mail needs a subject');
  const id = newId();
  const at = now.toISOString();
  await db
    .insertInto('outbox')
    .values({
      id,
      case_id: mail.caseId ?? null,
      organisation_id: mail.organisationId ?? null,
      to_address: to,
      subject,
      body: mail.body,
      attachment_document_id: mail.attachmentDocumentId ?? null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      sent_at: null,
      claimed_by: null,
      claimed_until: null,
      failed_at: null,
      purpose: mail.purpose ?? null,
    })
    .execute();
  return id;
}
