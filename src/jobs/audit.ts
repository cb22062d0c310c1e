import { loadCheckpointKey, recordVerification, verifyChain, writeCheckpoint } from '../core/audit/verify.ts';
import type { Job } from './runner.ts';

/** Every 5 minutes a signed checkpoint of the audit head (file, log stream, database) when it moved. */
export const auditCheckpointJob: Job = {
  name: 'audit-checkpoint',
  everyMs: 5 * 60 * 1000,
  async run({ db, config, log }, now) {
    await writeCheckpoint(db, config.audit, loadCheckpointKey(config.audit), { now, log });
  },
};

/** Every hour the whole chain is verified; /healthz shows when it last passed. */
export const auditVerifyJob: Job = {
  name: 'audit-verify',
  everyMs: 60 * 60 * 1000,
  async run({ db, config, log }, now) {
    const r = await verifyChain(db, { key: loadCheckpointKey(config.audit), checkpointFile: config.audit.checkpointFile });
    await recordVerification(db, r, now);
    if (r.ok) log.info({ auditVerify: { entries: r.entries, head: r.head } }, 'audit chain verified');
    else log.error({ auditVerify: { firstBroken: r.firstBroken, problems: r.problems.slice(0, 10) } }, 'AUDIT CHAIN BROKEN');
  },
};
