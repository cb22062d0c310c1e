import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import type { Config } from '../server/config.ts';
import { acquireLease, releaseLease } from './lease.ts';
import { housekeeping } from './housekeeping.ts';
import { mailOutboxJob } from '../mail/sender.ts';
import { deadlineMonitorJob } from './deadline-monitor.ts';
import { retentionJob } from './retention.ts';
import { learningRemindersJob } from './learning-reminders.ts';
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
  run(ctx: JobContext, now: Date): Promise<void>;
}

/** The jobs every node schedules; the lease makes sure one node at a time runs each. */
export function defaultJobs(): Job[] {
  return [housekeeping, mailOutboxJob, deadlineMonitorJob, retentionJob, learningRemindersJob, auditCheckpointJob, auditVerifyJob];
}

export function startJobs(ctx: JobContext, jobs: Job[] = defaultJobs()) {
  const holder = `${process.pid}-${randomUUID()}`;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;

  async function tick(job: Job) {
    if (stopped) return;
    try {
      if (!(await acquireLease(ctx.db, job.name, holder, job.everyMs * 2))) return;
      await job.run(ctx, new Date());
    } catch (err) {
      ctx.log.error({ err, job: job.name }, 'job failed; it runs again at its next turn');
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
