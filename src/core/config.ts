import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { passwordProblem } from './passwords.ts';

// The environment is validated once at start; a wrong value stops the server
// with a message naming the variable (fail fast, STYLE.md §11).
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres:// or sqlite:')
    .optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  JOBS: z.enum(['on', 'off']).default('on'),
  PUBLIC_INTAKE_LIMIT: z.coerce.number().int().min(1).default(20),
  MAIL_FROM: z.string().min(3).optional(),
  SECRETS_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, 'must be 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -hex 32`)')
    .optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) => parseTrustProxy(v) !== undefined,
      'give the number of proxy hops in front of the server (e.g. 1), or a comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.5,192.168.0.0/16); never "true"',
    )
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(8 * 60),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 7)
    .default(12),
  API_TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  API_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  AUDIT_READ_BATCH_MS: z.coerce.number().int().min(0).max(1000).default(100),
  AUDIT_READ_JOURNAL_DIR: z.string().min(1).optional(),
  INTAKE_INBOX: z.enum(['on', 'off']).default('on'),
  INTAKE_INBOX_IDLE_MS: z.coerce.number().int().min(0).max(1000).default(5),
  INTAKE_INBOX_MAX_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
});

/**
 * Which X-Forwarded-For entries to believe. A hop count trusts only the entries the
 * proxies themselves appended (counted from the right), and an address list trusts only
 * connections from those proxies: a client can add what it likes to the left of the header,
 * but it is never taken as the client's address (rate limits, audit log).
 */
export function parseTrustProxy(v: string): false | number | string[] | undefined {
  if (v === '' || v === '0' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 10);
  const parts = v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const ok =
    parts.length > 0 &&
    parts.every((p) => {
      const [addr, bits, ...rest] = p.split('/');
      if (rest.length || !addr || isIP(addr) === 0) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128));
    });
  return ok ? parts : undefined;
}

/** A session ends after `idleMs` without a request, and `maxMs` after login whatever happens. */
export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export type Database = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: Database;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  webDist: string;
  jobs: boolean;
  /** Cookies get the Secure flag when the public URL is https. */
  secureCookies: boolean;
  /** Intakes per address per hour on the public form. */
  publicIntakeLimit: number;
  /** Sender of outgoing mail; else `?from=` in SMTP_URL, else no-reply@ the public host. */
  mailFrom: string | undefined;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses (TRUST_PROXY). */
  trustProxy: false | number | string[];
  /** Encrypts secrets stored in the database (identity providers' client secrets). */
  secretsKey: string | undefined;
  /** A session ends after `idleMs` without a request, and `maxMs` after login whatever happens. */
  session: SessionPolicy;
  /** API tokens: the lifetime when none is asked for, and the longest that may be asked for. */
  apiTokenDays: { default: number; max: number };
  /** PostgreSQL: the owner role that migrates; DATABASE_URL is then the runtime role (README, PostgreSQL). */
  migrationDatabaseUrl: string | undefined;
  audit: AuditConfig;
  readAudit: ReadAuditConfig;
  intakeInbox: IntakeInboxConfig;
}

/** The public form's intake inbox (server/cases/intake-inbox.ts). */
export interface IntakeInboxConfig {
  /** false: every filing is written in its own request. */
  enabled: boolean;
  /** Cases are written once no filing came for this long. */
  idleMs: number;
  /** In a longer burst, each filing first writes two waiting ones once the oldest waited this long, or more than `maxPending` wait. */
  maxDelayMs: number;
  maxPending: number;
}

export interface AuditConfig {
  /** The checkpoint signing key itself, or else the file that holds it (created when missing). */
  checkpointKey: string | undefined;
  checkpointKeyFile: string;
  /** Where signed checkpoints are appended, one JSON line each. */
  checkpointFile: string;
  /** Entries older than this many days may be pruned by `npm run audit -- prune`; unset: kept. */
  retentionDays: number | undefined;
}

export interface ReadAuditConfig {
  /** Read entries (who viewed what) are committed in batches at most this many ms apart; 0: each in its request, as writes are. */
  batchMs: number;
  /** Where read entries wait for their batch, so a killed process loses none (audit/read-audit.ts). */
  journalDir: string;
}

export class ConfigError extends Error {}

// Beside the SQLite file, or per PostgreSQL database: two databases never share a journal.
function defaultReadJournalDir(database: Database): string {
  if (database.kind === 'sqlite') return database.path === ':memory:' ? './data/audit-journal-memory' : `${database.path}.audit-journal`;
  const name = new URL(database.url).pathname.replace(/^\//, '') || 'postgres';
  return `./data/audit-journal-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const adminPasswordProblem = e.ADMIN_PASSWORD === undefined ? null : passwordProblem(e.ADMIN_PASSWORD, { email: e.ADMIN_EMAIL });
  if (adminPasswordProblem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${adminPasswordProblem}`);
  if (e.API_TOKEN_DAYS > e.API_TOKEN_MAX_DAYS) {
    throw new ConfigError('Invalid configuration:\n  API_TOKEN_DAYS: must not be more than API_TOKEN_MAX_DAYS');
  }
  const url = e.DATABASE_URL;
  const database: Database =
    url === undefined
      ? { kind: 'sqlite', path: './data/klachtwijzer.db' }
      : url.startsWith('sqlite:')
        ? { kind: 'sqlite', path: url.slice('sqlite:'.length) }
        : { kind: 'postgres', url };
  if (database.kind === 'sqlite' && database.path === '') {
    throw new ConfigError('Invalid configuration:\n  DATABASE_URL: sqlite: needs a file path');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    smtpUrl: e.SMTP_URL,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    // The web build next to the package (npm scripts run from the package root).
    webDist: e.WEB_DIST ?? resolve('dist/web'),
    jobs: e.JOBS === 'on',
    secureCookies: publicUrl.startsWith('https://'),
    publicIntakeLimit: e.PUBLIC_INTAKE_LIMIT,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY === undefined ? false : parseTrustProxy(e.TRUST_PROXY)!,
    secretsKey: e.SECRETS_KEY,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, maxMs: Math.round(e.SESSION_MAX_HOURS * 3_600_000) },
    apiTokenDays: { default: e.API_TOKEN_DAYS, max: e.API_TOKEN_MAX_DAYS },
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    audit: {
      checkpointKey: e.AUDIT_CHECKPOINT_KEY,
      checkpointKeyFile: resolve(e.AUDIT_CHECKPOINT_KEY_FILE ?? './data/audit-checkpoint.key'),
      checkpointFile: resolve(e.AUDIT_CHECKPOINT_FILE ?? './data/audit-checkpoints.jsonl'),
      retentionDays: e.AUDIT_RETENTION_DAYS,
    },
    readAudit: {
      batchMs: e.AUDIT_READ_BATCH_MS,
      journalDir: resolve(e.AUDIT_READ_JOURNAL_DIR ?? defaultReadJournalDir(database)),
    },
    intakeInbox: { enabled: e.INTAKE_INBOX === 'on', idleMs: e.INTAKE_INBOX_IDLE_MS, maxDelayMs: e.INTAKE_INBOX_MAX_DELAY_MS, maxPending: 10_000 },
  };
}
