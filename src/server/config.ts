import { resolve } from 'node:path';
import { z } from 'zod';

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
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  JOBS: z.enum(['on', 'off']).default('on'),
  PUBLIC_INTAKE_LIMIT: z.coerce.number().int().min(1).default(20),
  MAIL_FROM: z.string().min(3).optional(),
  MIGRATION_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
});

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
  /** PostgreSQL: the owner role that migrates; DATABASE_URL is then the runtime role (README, PostgreSQL). */
  migrationDatabaseUrl: string | undefined;
  audit: AuditConfig;
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

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
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
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    audit: {
      checkpointKey: e.AUDIT_CHECKPOINT_KEY,
      checkpointKeyFile: resolve(e.AUDIT_CHECKPOINT_KEY_FILE ?? './data/audit-checkpoint.key'),
      checkpointFile: resolve(e.AUDIT_CHECKPOINT_FILE ?? './data/audit-checkpoints.jsonl'),
      retentionDays: e.AUDIT_RETENTION_DAYS,
    },
  };
}
