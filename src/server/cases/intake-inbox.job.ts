import { createLetterProducer } from '../letters/letters.service.ts';
import { materialise } from './intake-inbox.ts';
import type { Job } from '../../jobs/runner.ts';

/** Public filings older than this are another node's that stopped: any node writes their cases. */
export const ORPHAN_AFTER_MS = 60_000;

/**
 * Writes the cases of filings left in the intake inbox by a node that stopped (its own process
 * writes them within milliseconds, and at its next start). A server job (it writes cases), which
 * main.ts adds to the default jobs. A plan that failed five times is left
 * for a person: /healthz counts it as failing, and the next start tries it again.
 */
export const intakeInboxJob: Job = {
  name: 'intake-inbox',
  everyMs: 10_000,
  async run({ db, log }, now, signal) {
    const produceLetters = createLetterProducer();
    const before = new Date(now.getTime() - ORPHAN_AFTER_MS).toISOString();
    for (let round = 0; round < 64 && !signal?.aborted; round++) {
      const { written } = await materialise(db, produceLetters, { before, limit: 16, maxAttempts: 5 }, log);
      if (written === 0) break;
    }
  },
};
