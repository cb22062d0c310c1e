// Delivers the outbox. A row leaves 'pending' when the mail server accepted it
// ('sent'), without SMTP configured when it was written to the log ('logged'), or
// after MAIL_MAX_ATTEMPTS failed tries ('failed': shown on the case and the admin's
// page, and announced to the organisation's own mailbox). Each row is claimed by one
// sender before it is sent, so two nodes (or a run that outlived its lease) never
// send it twice. Only a crash between the server's "250 OK" and the status update
// sends a mail again, after the claim ran out, with the same Message-ID.
import type { Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Config } from '../core/config.ts';
import type { Job } from '../jobs/runner.ts';
import { randomUUID } from 'node:crypto';
import { enqueueMail } from './outbox.ts';

/** The part of the app's logger the sender uses (pino's and Fastify's fit). */
export interface MailLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface SendOptions {
  /** smtp:// or smtps:// URL; a `from` query parameter sets the sender address. Without it, mails are logged, not sent. */
  smtpUrl: string | undefined;
  /** Sender address, e.g. 'Klachtwijzer <no-reply@klachten.example.nl>'. */
  from: string;
  log: MailLog;
  /** The clock: which rows are due, and where retries are scheduled from. */
  now?: Date;
  /** Most rows handled in one call. */
  batch?: number;
  /** Start no new send after this many milliseconds (keeps a job run within its lease). */
  timeBudgetMs?: number;
  /** Who sends: a row is claimed in this name before it is sent. */
  holder?: string;
  /** Stop starting sends when aborted (the job lost its lease). */
  signal?: AbortSignal;
  /** Tries before a mail is given up as failed. */
  maxAttempts?: number;
}

export interface SendResult {
  sent: number;
  logged: number;
  failed: number;
}

export const RETRY_BASE_MS = 30_000;
/** 8 tries with the delays below span about two hours. */
export const MAX_ATTEMPTS = 8;
/** Longer than one send can take (socket timeout 20 s, attachment, status update). */
export const CLAIM_MS = 2 * 60_000;
export const FAILURE_ALERT = 'mail-failure-alert';
export const RETRY_MAX_MS = 60 * 60 * 1000;

/** Delay before the next try after `attempts` failed tries: 30 s, 1 min, 2 min, … at most 1 hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

// Errors about the connection, not the message: the rest of the batch would fail
// the same way, so it waits for the next run instead of each timing out in turn.
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EAUTH', 'ETLS', 'EPROXY']);

// One pooled transport per SMTP URL, kept between runs.
const transports = new Map<string, Transporter>();

// nodemailer is loaded on the first send, not at start: a node without SMTP never needs it (memory).
async function transportFor(smtpUrl: string): Promise<Transporter> {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    const { default: nodemailer } = await import('nodemailer');
    const url = new URL(smtpUrl);
    url.searchParams.delete('from');
    transport = nodemailer.createTransport({
      url: url.toString(),
      pool: true,
      maxConnections: 1,
      // Short enough that a dead server cannot hold the job beyond its lease.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 20_000,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Closes the pooled SMTP connections (at shutdown, after the jobs stopped). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** The `from` query parameter of the SMTP URL, if any. */
export function fromInSmtpUrl(smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  try {
    return new URL(smtpUrl).searchParams.get('from') ?? undefined;
  } catch {
    return undefined;
  }
}

/** A default sender on the public host: 'Klachtwijzer <no-reply@klachten.example.nl>'. */
export function defaultSender(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  const domain = /^[\d.]+$|^\[|:/.test(host) || !host.includes('.') ? 'localhost' : host;
  return `Klachtwijzer <no-reply@${domain}>`;
}

/** An error as it may be stored: code and message, never the SMTP credentials. */
function describeError(err: unknown, smtpUrl: string): string {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  let text = [typeof e.code === 'string' ? e.code : '', typeof e.message === 'string' ? e.message : String(err)].filter(Boolean).join(': ');
  try {
    const url = new URL(smtpUrl);
    for (const secret of [url.password, url.username]) {
      if (secret) for (const form of new Set([secret, decodeURIComponent(secret)])) text = text.split(form).join('***');
    }
  } catch {
    // not a URL: nothing to hide
  }
  return text.replace(/(\w+:\/\/)[^@\s/]*@/g, '$1***@').slice(0, 500);
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

async function loadAttachment(db: Kysely<DB>, documentId: string) {
  const doc = await db.selectFrom('documents').select(['name', 'mime', 'content']).where('id', '=', documentId).executeTakeFirst();
  // Retried like any failure: the row stays visible with this error instead of going out without its letter.
  if (!doc?.content) throw new Error(`attachment document ${documentId} is missing or its content was removed`);
  return { filename: doc.name, contentType: doc.mime, content: Buffer.from(doc.content) };
}

/** Sends (or logs) the pending mails that are due. */
export async function sendPending(db: Kysely<DB>, options: SendOptions): Promise<SendResult> {
  const now = options.now ?? new Date();
  const started = Date.now();
  const result: SendResult = { sent: 0, logged: 0, failed: 0 };
  const due = await db
    .selectFrom('outbox')
    .leftJoin('organisations', 'organisations.id', 'outbox.organisation_id')
    .select([
      'outbox.id',
      'outbox.case_id',
      'outbox.to_address',
      'outbox.subject',
      'outbox.body',
      'outbox.attachment_document_id',
      'outbox.attempts',
      'outbox.purpose',
      'outbox.organisation_id',
      'organisations.name as organisation_name',
      'organisations.email as organisation_email',
    ])
    .where('outbox.status', '=', 'pending')
    .where('outbox.next_attempt_at', '<=', now.toISOString())
    .where((eb) => eb.or([eb('outbox.claimed_until', 'is', null), eb('outbox.claimed_until', '<', now.toISOString())]))
    .orderBy('outbox.next_attempt_at')
    .orderBy('outbox.id')
    .limit(options.batch ?? 50)
    .execute();

  const { smtpUrl, log } = options;
  if (!smtpUrl) {
    for (const row of due) {
      // Recipient and subject only: the body may hold personal data.
      log.info({ outboxId: row.id, caseId: row.case_id, to: row.to_address, subject: row.subject }, 'mail not sent (no SMTP_URL configured); logged');
      const r = await db.updateTable('outbox').set({ status: 'logged', last_error: null }).where('id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
      if (r.numUpdatedRows > 0n) result.logged++;
    }
    return result;
  }

  const transport = await transportFor(smtpUrl);
  const fromAddress = addressOf(options.from);
  const domain = fromAddress.split('@')[1] ?? 'localhost';
  const holder = options.holder ?? `sender-${process.pid}-${randomUUID()}`;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  for (const row of due) {
    if (options.timeBudgetMs !== undefined && Date.now() - started > options.timeBudgetMs) break;
    if (options.signal?.aborted) break;
    // Claim the row: one conditional update, so of two senders exactly one gets it.
    const claimedAt = new Date();
    const claim = await db
      .updateTable('outbox')
      .set({ claimed_by: holder, claimed_until: new Date(claimedAt.getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', claimedAt.toISOString())]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      const attachments = row.attachment_document_id ? [await loadAttachment(db, row.attachment_document_id)] : [];
      await transport.sendMail({
        from: row.organisation_name ? { name: `${row.organisation_name} via Klachtwijzer`, address: fromAddress } : options.from,
        ...(row.organisation_email ? { replyTo: row.organisation_email } : {}),
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        attachments,
        // Stable per row, so a mail sent twice after a crash can be recognised.
        messageId: `<${row.id}@${domain}>`,
      });
      await db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: new Date().toISOString(), last_error: null, claimed_by: null, claimed_until: null })
        .where('id', '=', row.id)
        .where('claimed_by', '=', holder)
        .execute();
      result.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const error = describeError(err, smtpUrl);
      const next = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
      const giveUp = attempts >= maxAttempts;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ attempts, last_error: error, next_attempt_at: next, claimed_by: null, claimed_until: null, ...(giveUp && { status: 'failed', failed_at: now.toISOString() }) })
          .where('id', '=', row.id)
          .where('claimed_by', '=', holder)
          .execute();
        // Someone must act on a mail that never arrived: the organisation's own mailbox hears of it
        // (never about an alert itself, so a dead mailbox cannot start a loop).
        if (giveUp && row.purpose !== FAILURE_ALERT && row.organisation_email) {
          await enqueueMail(
            trx,
            {
              caseId: row.case_id,
              organisationId: row.organisation_id,
              to: row.organisation_email,
              purpose: FAILURE_ALERT,
              subject: `Een e-mail kon niet worden bezorgd${row.case_id ? ' (zaak in Klachtwijzer)' : ''}`,
              body: [
                `Klachtwijzer kon deze e-mail na ${attempts} pogingen niet bezorgen:`,
                '',
                `Aan: ${row.to_address}`,
                `Onderwerp: ${row.subject}`,
                `Laatste fout: ${error}`,
                '',
                'Neem zelf contact op met de ontvanger, of verbeter het adres en stuur de e-mail opnieuw vanaf de beheerpagina van uw organisatie in Klachtwijzer.',
              ].join('\n'),
            },
            now,
          );
        }
      });
      result.failed++;
      if (giveUp) log.warn({ outboxId: row.id, caseId: row.case_id, attempts, error }, 'mail failed for good after the last attempt; the organisation is alerted');
      else log.warn({ outboxId: row.id, caseId: row.case_id, attempts, nextAttemptAt: next, error }, 'mail not sent; will retry');
      const code = (err as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && CONNECTION_ERRORS.has(code)) break;
    }
  }
  return result;
}

export interface MailJobContext {
  db: Kysely<DB>;
  config: Pick<Config, 'smtpUrl' | 'publicUrl' | 'mailFrom'>;
  log: MailLog;
}

/** Sends the outbox every 5 seconds; the runner's lease makes one node send at a time. */
export const mailOutboxJob = {
  name: 'mail-outbox',
  everyMs: 5000,
  async run(ctx: MailJobContext, now: Date, signal?: AbortSignal): Promise<void> {
    await sendPending(ctx.db, {
      ...(signal && { signal }),
      smtpUrl: ctx.config.smtpUrl,
      from: ctx.config.mailFrom ?? fromInSmtpUrl(ctx.config.smtpUrl) ?? defaultSender(ctx.config.publicUrl),
      log: ctx.log,
      now,
      // The lease lasts two intervals; stop starting sends well before it ends.
      timeBudgetMs: 4000,
    });
  },
} satisfies Job;
