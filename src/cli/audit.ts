/**
 * npm run audit -- verify        check the whole chain and every checkpoint; exit 1 and name the first broken entry
 * npm run audit -- checkpoint    write a signed checkpoint of the head now
 * npm run audit -- prune         cut entries older than AUDIT_RETENTION_DAYS (PostgreSQL: as the owner, MIGRATION_DATABASE_URL)
 *
 * Reads the same configuration as the server (.env, DATABASE_URL, AUDIT_CHECKPOINT_*).
 */
import { existsSync } from 'node:fs';
import { openDatabase } from '../db/database.ts';
import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { loadCheckpointKey, pruneAudit, recordVerification, verifyChain, writeCheckpoint } from '../core/audit/verify.ts';

const USAGE = 'usage: audit verify | audit checkpoint | audit prune';

export async function runAuditCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (!['verify', 'checkpoint', 'prune'].includes(command ?? '') || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const key = loadCheckpointKey(config.audit);
  const owner = command === 'prune' && config.migrationDatabaseUrl;
  const database = openDatabase(owner ? { kind: 'postgres', url: config.migrationDatabaseUrl! } : config.database);
  const log = { info: (obj: object, msg: string) => console.log(JSON.stringify({ level: 30, time: Date.now(), msg, ...obj })) };
  try {
    if (command === 'verify') {
      const r = await verifyChain(database.db, { key, checkpointFile: config.audit.checkpointFile });
      await recordVerification(database.db, r);
      for (const w of r.warnings) console.warn(`warning: ${w}`);
      if (r.ok) {
        console.log(
          `ok: ${r.entries} entries from ${r.from.seq === 0 ? 'the start' : `the cut at ${r.from.seq}`} to ${r.head.seq} verify (head ${r.head.hash}), ${r.checkpoints} checkpoint(s)`,
        );
        return 0;
      }
      if (r.firstBroken) {
        const b = r.firstBroken;
        console.error(`BROKEN at entry ${b.seq ?? '(no place)'}${b.id ? ` id ${b.id}` : ''}: ${b.reason}`);
      }
      for (const p of r.problems) console.error(`problem: ${p}`);
      return 1;
    }
    if (command === 'checkpoint') {
      const c = await writeCheckpoint(database.db, config.audit, key, { log });
      console.log(c ? `checkpoint ${c.id}: entry ${c.seq}, ${c.hash}` : 'the head did not move since the last checkpoint');
      return 0;
    }
    if (!config.audit.retentionDays) {
      console.error('AUDIT_RETENTION_DAYS is not set: nothing is pruned');
      return 2;
    }
    const r = await pruneAudit(database.db, config.audit, key, config.audit.retentionDays, new Date(), log);
    console.log(r.cut ? `cut at entry ${r.cut.seq} (${r.cut.hash}): ${r.deleted} entries pruned` : 'no entry is older than the retention');
    return 0;
  } catch (err) {
    // e.g. a database that was never migrated (start the server once), or one that does not answer.
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runAuditCli(process.argv.slice(2));
}
