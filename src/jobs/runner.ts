import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import type { Config } from '../core/config.ts';
import { acquireLease, releaseLease } from './lease.ts';
import { housekeeping } from './housekeeping.ts';
import { mailOutboxJob } from '../mail/sender.ts';
import { deadlineMonitorJob } from './deadline-monitor.ts';
import { retentionJob } from './retention.ts';
import { learningRemindersJob } from './learning-reminders.ts';
import { statisticsJob } from './statistics.ts';
import { auditCheckpointJob, auditVerifyJob } from './audit.ts';

export interface JobContext {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  log: FastifyBaseLogger;
}

export interface Job {
  name: string;
  everyMs: number;
  /** `signal` aborts when this node lost the job's lease mid-run: stop starting new work. */
  run(ctx: JobContext, now: Date, signal?: AbortSignal): Promise<void>;
}

/** The jobs every node schedules; the lease makes sure one node at a time runs each. */
export function defaultJobs(): Job[] {
  return [statisticsJob, housekeeping, mailOutboxJob, deadlineMonitorJob, retentionJob, learningRemindersJob, auditCheckpointJob, auditVerifyJob];
}

export function startJobs(ctx: JobContext, jobs: Job[] = defaultJobs()) {
  const holder = `${process.pid}-${randomUUID()}`;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;

  const busy = new Set<string>();

  async function tick(job: Job) {
    // One run of a job at a time on this node (a slow run must not overlap the next tick).
    if (stopped || busy.has(job.name)) return;
    busy.add(job.name);
    const ttl = job.everyMs * 2;
    const lost = new AbortController();
    let renew: NodeJS.Timeout | undefined;
    try {
      if (!(await acquireLease(ctx.db, job.name, holder, ttl))) return;
      // A long run renews its lease; if another node took it meanwhile, the run is told to stop.
      renew = setInterval(
        () => {
          acquireLease(ctx.db, job.name, holder, ttl)
            .then((ok) => ok || lost.abort())
            .catch(() => lost.abort());
        },
        Math.max(250, Math.floor(ttl / 3)),
      );
      renew.unref();
      await job.run(ctx, new Date(), lost.signal);
    } catch (err) {
      ctx.log.error({ err, job: job.name }, 'job failed; it runs again at its next turn');
    } finally {
      clearInterval(renew);
      busy.delete(job.name);
    }
  }

  for (const job of jobs) {
    const run = () => {
      const p = tick(job).finally(() => running.delete(p));
      running.add(p);
    };
    // First run soon after start, then at the job's interval.
    timers.push(setTimeout(run, 1000).unref());
    timers.push(setInterval(run, job.everyMs).unref());
  }

  return {
    holder,
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
      for (const job of jobs) await releaseLease(ctx.db, job.name, holder).catch(() => {});
    },
  };
}
