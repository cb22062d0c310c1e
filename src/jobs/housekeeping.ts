import { pruneRateLimits } from '../core/rate-limit.ts';
import { pruneLoginFailures } from '../core/login-throttle.ts';
import type { Job } from './runner.ts';

/** Removes ended sessions, old rate-limit windows and login failures, and unanswered second-factor steps. */
export const housekeeping: Job = {
  name: 'housekeeping',
  everyMs: 10 * 60 * 1000,
  async run({ db }, now) {
    const nowIso = now.toISOString();
    await db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
    await pruneRateLimits(db, new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString());
    await pruneLoginFailures(db, now.getTime());
    await db.deleteFrom('login_challenges').where('expires_at', '<', nowIso).execute();
    await db.deleteFrom('idempotency_keys').where('expires_at', '<', nowIso).execute();
    await db.deleteFrom('sso_requests').where('expires_at', '<', nowIso).execute();
    await db.deleteFrom('sso_sessions').where('session_id', 'not in', db.selectFrom('sessions').select('id')).execute();
  },
};
