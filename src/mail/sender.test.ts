import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import type { DB } from '../db/schema.ts';
import { newId } from '../core/ids.ts';
import { renderLetterPdf } from '../letters/letters.pdf.ts';
import { enqueueMail } from './outbox.ts';
import { closeMailTransports, defaultSender, FAILURE_ALERT, mailOutboxJob, retryDelayMs, sendPending, type MailLog } from './sender.ts';

// ---------------------------------------------------------------- a real SMTP server

interface Received {
  to: string[];
  raw: string;
}

interface TestSmtp {
  port: number;
  received: Received[];
  /** Recipients the server refuses with 550 while listed. */
  refuse: Set<string>;
  /** Milliseconds the server takes to accept each message (a slow server). */
  delayMs: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'mailer';
const PASSWORD = 'pa55-w0rd-secret';

async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  const refuse = new Set<string>();
  let server: SMTPServer | undefined;
  const smtp: TestSmtp = {
    port,
    received,
    refuse,
    delayMs: 0,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        allowInsecureAuth: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        closeTimeout: 200,
        onAuth(auth, _session, cb) {
          if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: USER });
          else cb(new Error('Invalid username or password'));
        },
        onRcptTo(address, _session, cb) {
          if (refuse.has(address.address)) {
            const err = Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 });
            cb(err);
          } else cb();
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
            setTimeout(() => cb(), smtp.delayMs);
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.server.once('error', reject);
        s.listen(smtp.port, '127.0.0.1', () => resolve());
      });
      smtp.port = (s.server.address() as AddressInfo).port;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await smtp.start();
  return smtp;
}

const smtpUrl = (smtp: TestSmtp) => `smtp://${USER}:${PASSWORD}@127.0.0.1:${smtp.port}`;

/** Headers (unfolded, lower-case names) and the attachments of a raw MIME message. */
function parseMime(raw: string): { headers: Map<string, string>; attachments: { filename: string; type: string; content: Buffer }[] } {
  const split = (part: string) => {
    const at = part.indexOf('\r\n\r\n');
    const head = part.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const headers = new Map<string, string>();
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    return { headers, body: part.slice(at + 4) };
  };
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const attachments = [];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1, -1)) {
      const p = split(part.replace(/^\r\n/, ''));
      const filename = /filename="?([^";]+)"?/.exec(p.headers.get('content-disposition') ?? '')?.[1];
      if (filename) {
        attachments.push({ filename, type: (p.headers.get('content-type') ?? '').split(';')[0]!, content: Buffer.from(p.body.replace(/\s+/g, ''), 'base64') });
      }
    }
  }
  return { headers, attachments };
}

/** A logger that keeps what it was given. */
function memoryLog(): MailLog & { entries: { level: string; obj: object; msg?: string }[] } {
  const entries: { level: string; obj: object; msg?: string }[] = [];
  return {
    entries,
    info: (obj, msg) => void entries.push({ level: 'info', obj, ...(msg ? { msg } : {}) }),
    warn: (obj, msg) => void entries.push({ level: 'warn', obj, ...(msg ? { msg } : {}) }),
  };
}

// ---------------------------------------------------------------- data

let database: TestDatabase;
let db: Kysely<DB>;
const servers: TestSmtp[] = [];

beforeEach(async () => {
  // A fresh database per test: the sender takes every due row, so tests must not see each other's.
  database = await createTestDatabase();
  db = database.db;
});

afterEach(async () => {
  closeMailTransports();
  for (const s of servers.splice(0)) await s.stop();
  await database.drop();
});

async function smtpServer(port?: number): Promise<TestSmtp> {
  const s = await startSmtp(port);
  servers.push(s);
  return s;
}

/** An organisation and a case with a letter PDF stored as document. */
async function caseWithLetter() {
  const now = new Date().toISOString();
  const orgId = newId();
  const slug = `sr51-${orgId.slice(-8)}`;
  await db
    .insertInto('organisations')
    .values({
      id: orgId,
      name: 'Stadsring51',
      slug,
      regulation_id: 'stadsring51',
      parent_id: null,
      street: 'Lange Nieuwstraat 51',
      postal_code: '3811 AB',
      city: 'Amersfoort',
      email: `klachten-${slug}@stadsring51.nl`,
      phone: null,
      website: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const caseId = newId();
  const reference = `SR51-2026-${orgId.slice(-4)}`;
  await db
    .insertInto('cases')
    .values({
      id: caseId,
      organisation_id: orgId,
      reference,
      year: 2026,
      seq: 1,
      regulation_id: 'stadsring51',
      regulation_version: 1,
      kind: 'complaint',
      level: 'officer',
      status: 'received',
      channel: 'email',
      received_at: now,
      received_on: now.slice(0, 10),
      categories: '[]',
      anonymous: 0,
      complainant: JSON.stringify({ name: 'A. Jansen', role: 'client' }),
      description: 'De afspraak ging niet door.',
      desired_outcome: null,
      facts: '{}',
      state: '{}',
      admissibility: null,
      outcome: null,
      handler_user_id: null,
      team_id: null,
      status_token_hash: null,
      next_due: null,
      overdue_marked: 0,
      transferred_from: null,
      closed_at: null,
      retain_until: null,
      destroyed_at: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      row_version: 1,
    })
    .execute();
  const pdf = await renderLetterPdf({
    kind: 'acknowledgement',
    organisation: { name: 'Stadsring51', street: 'Lange Nieuwstraat 51', postalCode: '3811 AB', city: 'Amersfoort' },
    recipient: { name: 'A. Jansen' },
    reference,
    date: '2026-11-23',
    receivedOn: '2026-11-20',
  });
  const documentId = newId();
  await db
    .insertInto('documents')
    .values({
      id: documentId,
      case_id: caseId,
      kind: 'letter',
      name: 'ontvangstbevestiging.pdf',
      mime: 'application/pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      shared: 1,
      content: pdf,
      uploaded_by: null,
      created_at: now,
    })
    .execute();
  return { orgId, caseId, documentId, pdf, reference };
}

const outboxRow = (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

// ---------------------------------------------------------------- tests

describe('retry delay', () => {
  it('starts at 30 seconds, doubles, and stops growing at one hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20, 1000].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });
});

describe('outbox', () => {
  it('writes the mail in the caller’s transaction: a rolled-back event takes its mail with it', async () => {
    const { caseId } = await caseWithLetter();
    const kept = await db.transaction().execute((trx) => enqueueMail(trx, { caseId, to: 'klager@example.nl', subject: 'Kept', body: 'x' }));
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueMail(trx, { caseId, to: 'klager@example.nl', subject: 'Rolled back', body: 'x' });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    const rows = await db.selectFrom('outbox').select(['id', 'subject', 'status', 'attempts', 'next_attempt_at', 'created_at']).where('case_id', '=', caseId).execute();
    expect(rows.map((r) => r.subject)).toEqual(['Kept']);
    expect(rows[0]).toMatchObject({ id: kept, status: 'pending', attempts: 0 });
    expect(rows[0]!.next_attempt_at).toBe(rows[0]!.created_at);

    await expect(enqueueMail(db, { to: 'not an address', subject: 'x', body: 'x' })).rejects.toThrow(RangeError);
    const injected = await enqueueMail(db, { to: 'klager@example.nl', subject: 'Line\r\nBcc: someone@evil.example', body: 'x' });
    expect((await outboxRow(injected)).subject).toBe('Line Bcc: someone@evil.example');
  });
});

describe('sending', () => {
  it('delivers the mail with its subject and the letter as PDF attachment, then marks it sent', async () => {
    const smtp = await smtpServer();
    const { orgId, caseId, documentId, pdf } = await caseWithLetter();
    const id = await db.transaction().execute((trx) =>
      enqueueMail(trx, {
        caseId,
        organisationId: orgId,
        to: 'a.jansen@example.nl',
        subject: 'Wij hebben uw klacht ontvangen',
        body: 'Beste A. Jansen,\n\nIn de bijlage vindt u onze brief.',
        attachmentDocumentId: documentId,
      }),
    );
    const log = memoryLog();
    const result = await sendPending(db, { smtpUrl: smtpUrl(smtp), from: 'Klachtwijzer <no-reply@klachtwijzer.example>', log });
    expect(result).toEqual({ sent: 1, logged: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['a.jansen@example.nl']);
    const { headers, attachments } = parseMime(mail.raw);
    expect(headers.get('subject')).toBe('Wij hebben uw klacht ontvangen');
    expect(headers.get('from')).toContain('Stadsring51 via Klachtwijzer');
    expect(headers.get('from')).toContain('<no-reply@klachtwijzer.example>');
    expect(headers.get('reply-to')).toMatch(/klachten-sr51-.*@stadsring51\.nl/);
    expect(headers.get('message-id')).toBe(`<${id}@klachtwijzer.example>`);
    expect(mail.raw).toContain('In de bijlage vindt u onze brief.');
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ filename: 'ontvangstbevestiging.pdf', type: 'application/pdf' });
    expect(attachments[0]!.content.equals(pdf)).toBe(true);

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 0, last_error: null });
    expect(row.sent_at).not.toBeNull();

    // Sent once: another run finds nothing to do.
    expect(await sendPending(db, { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log })).toEqual({ sent: 0, logged: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a rejected mail pending with growing delays, sends the others, and delivers it once accepted', async () => {
    const smtp = await smtpServer();
    const { caseId } = await caseWithLetter();
    smtp.refuse.add('weigert@example.nl');
    const refused = await enqueueMail(db, { caseId, to: 'weigert@example.nl', subject: 'Besluit', body: 'x' });
    const fine = await enqueueMail(db, { caseId, to: 'ontvangt@example.nl', subject: 'Besluit', body: 'x' });
    const t0 = new Date();
    const opts = { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log: memoryLog() };

    expect(await sendPending(db, { ...opts, now: t0 })).toEqual({ sent: 1, logged: 0, failed: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([['ontvangt@example.nl']]);
    expect((await outboxRow(fine)).status).toBe('sent');
    let row = await outboxRow(refused);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(t0, 30_000).toISOString() });
    expect(row.last_error).toContain('550');
    expect(row.last_error).not.toContain(PASSWORD);

    // Not due before its time.
    expect(await sendPending(db, { ...opts, now: at(t0, 29_000) })).toEqual({ sent: 0, logged: 0, failed: 0 });
    // Due again: refused again, the delay doubles.
    expect(await sendPending(db, { ...opts, now: at(t0, 30_000) })).toEqual({ sent: 0, logged: 0, failed: 1 });
    row = await outboxRow(refused);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: at(t0, 90_000).toISOString() });

    // The mailbox works again.
    smtp.refuse.clear();
    expect(await sendPending(db, { ...opts, now: at(t0, 90_000) })).toEqual({ sent: 1, logged: 0, failed: 0 });
    row = await outboxRow(refused);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(smtp.received.map((m) => m.to)).toEqual([['ontvangt@example.nl'], ['weigert@example.nl']]);
  });

  it('loses nothing while the mail server is down and sends everything once it is back', async () => {
    const smtp = await smtpServer();
    const url = smtpUrl(smtp);
    await smtp.stop();
    const { caseId, documentId } = await caseWithLetter();
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(await enqueueMail(db, { caseId, to: `klager${n}@example.nl`, subject: `Brief ${n}`, body: 'x', attachmentDocumentId: documentId }));
    const t0 = new Date();
    const log = memoryLog();

    const down = await sendPending(db, { smtpUrl: url, from: 'no-reply@klachtwijzer.example', log, now: t0 });
    // The first try finds the server down; the others wait for the next run instead of timing out one by one.
    expect(down).toEqual({ sent: 0, logged: 0, failed: 1 });
    const first = await outboxRow(ids[0]!);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(t0, 30_000).toISOString() });
    expect(first.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(first.last_error).not.toContain(PASSWORD);
    for (const id of ids.slice(1)) expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(JSON.stringify(log.entries)).not.toContain(PASSWORD);

    // Still down a minute later: every row is tried again in turn, none is dropped.
    await sendPending(db, { smtpUrl: url, from: 'no-reply@klachtwijzer.example', log, now: at(t0, 60_000) });
    const pending = await db.selectFrom('outbox').select(['status']).where('case_id', '=', caseId).execute();
    expect(pending.every((r) => r.status === 'pending')).toBe(true);

    await smtp.start(); // back on the same port
    const back = await sendPending(db, { smtpUrl: url, from: 'no-reply@klachtwijzer.example', log, now: at(t0, 2 * 60 * 60 * 1000) });
    expect(back).toEqual({ sent: 3, logged: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['klager1@example.nl', 'klager2@example.nl', 'klager3@example.nl']);
    for (const m of smtp.received) expect(parseMime(m.raw).attachments).toHaveLength(1);
    const rows = await db.selectFrom('outbox').select(['status']).where('case_id', '=', caseId).execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps a mail whose attachment is gone pending with the reason, instead of sending it without', async () => {
    const smtp = await smtpServer();
    const { caseId } = await caseWithLetter();
    const id = await enqueueMail(db, { caseId, to: 'klager@example.nl', subject: 'Besluit', body: 'x', attachmentDocumentId: newId() });
    const result = await sendPending(db, { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log: memoryLog() });
    expect(result).toEqual({ sent: 0, logged: 0, failed: 1 });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('is missing');
    expect(smtp.received).toHaveLength(0);
  });
});

describe('without SMTP', () => {
  it('writes recipient and subject to the log, never the body, and marks the rows logged', async () => {
    const { caseId } = await caseWithLetter();
    const ids = [
      await enqueueMail(db, { caseId, to: 'klager@example.nl', subject: 'Wij hebben uw klacht ontvangen', body: 'Geheim: BSN 123456782' }),
      await enqueueMail(db, { caseId, to: 'medewerker@example.nl', subject: 'Een klacht over uw werk', body: 'Geheim: diagnose' }),
    ];
    const log = memoryLog();
    expect(await sendPending(db, { smtpUrl: undefined, from: 'no-reply@klachtwijzer.example', log })).toEqual({ sent: 0, logged: 2, failed: 0 });
    for (const id of ids) expect(await outboxRow(id)).toMatchObject({ status: 'logged', attempts: 0 });
    expect(log.entries.map((e) => e.obj)).toEqual([
      expect.objectContaining({ to: 'klager@example.nl', subject: 'Wij hebben uw klacht ontvangen' }),
      expect.objectContaining({ to: 'medewerker@example.nl', subject: 'Een klacht over uw werk' }),
    ]);
    expect(JSON.stringify(log.entries)).not.toContain('Geheim');
  });
});

describe('the mail-outbox job', () => {
  it('sends through the configured SMTP server from a sender on the public host', async () => {
    const smtp = await smtpServer();
    const { caseId } = await caseWithLetter();
    const id = await enqueueMail(db, { caseId, to: 'klager@example.nl', subject: 'Via de job', body: 'x' });
    expect(mailOutboxJob).toMatchObject({ name: 'mail-outbox', everyMs: 5000 });
    await mailOutboxJob.run({ db, config: { smtpUrl: smtpUrl(smtp), publicUrl: 'https://klachten.example.nl', mailFrom: undefined }, log: memoryLog() }, new Date());
    expect((await outboxRow(id)).status).toBe('sent');
    expect(parseMime(smtp.received[0]!.raw).headers.get('from')).toBe('Klachtwijzer <no-reply@klachten.example.nl>');

    // A `from` in the SMTP URL wins, and is not passed on to the mail server as an option.
    const id2 = await enqueueMail(db, { caseId, to: 'klager@example.nl', subject: 'Met afzender', body: 'x' });
    await mailOutboxJob.run(
      {
        db,
        config: { smtpUrl: `${smtpUrl(smtp)}/?from=${encodeURIComponent('klachten@gemeente.example')}`, publicUrl: 'http://127.0.0.1:3000', mailFrom: undefined },
        log: memoryLog(),
      },
      new Date(),
    );
    expect((await outboxRow(id2)).status).toBe('sent');
    expect(parseMime(smtp.received[1]!.raw).headers.get('from')).toBe('klachten@gemeente.example');
    expect(defaultSender('http://127.0.0.1:3000')).toBe('Klachtwijzer <no-reply@localhost>');
  });
});

describe('exactly once, and never silently lost (Trust §5)', () => {
  it('two senders on one database and a slow mail server deliver every row exactly once', async () => {
    const smtp = await smtpServer();
    smtp.delayMs = 150;
    const { caseId } = await caseWithLetter();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await enqueueMail(db, { caseId, to: `ontvanger-${i}@example.nl`, subject: `Bericht ${i}`, body: 'x' }));
    const opts = { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log: memoryLog() };
    // Two nodes whose runs overlap (as when a lease ran out during a slow run).
    const [a, b] = await Promise.all([sendPending(db, { ...opts, holder: 'node-a' }), sendPending(db, { ...opts, holder: 'node-b' })]);
    expect(a.sent + b.sent).toBe(12);
    const messageIds = smtp.received.map((m) => /^Message-ID: (.+)$/im.exec(m.raw)?.[1]);
    expect(messageIds).toHaveLength(12);
    expect(new Set(messageIds).size).toBe(12);
    for (const id of ids) expect((await outboxRow(id)).status).toBe('sent');
  });

  it('a row claimed by another sender is left alone until its claim runs out', async () => {
    const smtp = await smtpServer();
    const { caseId } = await caseWithLetter();
    const id = await enqueueMail(db, { caseId, to: 'ontvanger@example.nl', subject: 'Bericht', body: 'x' });
    const now = new Date();
    await db
      .updateTable('outbox')
      .set({ claimed_by: 'other-node', claimed_until: at(now, 60_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const opts = { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log: memoryLog() };
    expect(await sendPending(db, { ...opts, now })).toEqual({ sent: 0, logged: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    // The other node crashed: after its claim ran out, the mail goes (at least once, never lost).
    await db
      .updateTable('outbox')
      .set({ claimed_until: at(now, -1).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await sendPending(db, { ...opts, now })).sent).toBe(1);
  });

  it('gives up after the attempt limit: failed, with the reason, and the organisation mailbox is alerted once', async () => {
    const smtp = await smtpServer();
    const { caseId } = await caseWithLetter();
    smtp.refuse.add('bestaat-niet@example.nl');
    const id = await enqueueMail(db, { caseId, to: 'bestaat-niet@example.nl', subject: 'Uw klacht', body: 'x' });
    const org = await db
      .selectFrom('cases')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .select(['organisations.id', 'organisations.email'])
      .where('cases.id', '=', caseId)
      .executeTakeFirstOrThrow();
    await db.updateTable('outbox').set({ organisation_id: org.id }).where('id', '=', id).execute();
    const opts = { smtpUrl: smtpUrl(smtp), from: 'no-reply@klachtwijzer.example', log: memoryLog(), maxAttempts: 2 };
    const t0 = new Date();
    await sendPending(db, { ...opts, now: t0 });
    expect((await outboxRow(id)).status).toBe('pending');
    await sendPending(db, { ...opts, now: at(t0, 30_000) });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.failed_at).not.toBeNull();
    expect(row.last_error).toContain('550');
    const alerts = await db.selectFrom('outbox').selectAll().where('purpose', '=', FAILURE_ALERT).execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ to_address: org.email, case_id: caseId, status: 'pending' });
    expect(alerts[0]!.body).toContain('bestaat-niet@example.nl');
    // An alert that fails itself is not alerted about (no loop).
    smtp.refuse.add(org.email!);
    await sendPending(db, { ...opts, now: at(t0, 60_000) });
    await sendPending(db, { ...opts, now: at(t0, 120_000) });
    expect((await outboxRow(alerts[0]!.id)).status).toBe('failed');
    expect(await db.selectFrom('outbox').select('id').where('purpose', '=', FAILURE_ALERT).execute()).toHaveLength(1);
  });
});
