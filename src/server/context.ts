import type { Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import type { Config } from '../core/config.ts';
import type { Actor } from './auth/roles.ts';
import { unauthorized } from '../core/errors.ts';
import type { ReportRunner } from './reports/reports.service.ts';
import type { ReadAudit } from '../core/audit/read-audit.ts';
import type { ReadLimiter } from '../core/rate-limit.ts';
import type { IntakeInbox } from './cases/intake-inbox.ts';

/** The regulations an organisation can be put under (presets and custom versions). */
export interface RegulationCatalog {
  list(): Promise<{ id: string; name: string; version: number }[]>;
  exists(id: string): Promise<boolean>;
}

/** Everything a route module needs, passed in explicitly by app.ts (no globals). */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  regulations: RegulationCatalog;
  /** Runs reports off the request thread (a worker); without it they run inline (tests). */
  reports?: ReportRunner;
  /** Batches read entries of the audit log; buildApp makes one from the config when not given. */
  readAudit?: ReadAudit;
  /** Counts hits on read-only public pages in memory and writes them once a second (rate-limit.ts). */
  readLimiter?: ReadLimiter;
  /** Where public filings wait to be written in a burst; buildApp makes one from the config when not given. */
  intakeInbox?: IntakeInbox;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
