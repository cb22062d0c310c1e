/**
 * npm run restore -- FILE   restores a backup into the EMPTY DATABASE_URL database
 *                           (or ./data/klachtwijzer.db) and verifies it
 *
 * Refuses a target that holds data, and an archive that does not match its
 * manifest. After restoring, checks the counts, the documents' hashes and the
 * audit log against the manifest. Exit 0 only when every check passes.
 */
import { existsSync } from 'node:fs';
import { BackupError } from '../backup/pg-tools.ts';
import { restoreBackup } from '../backup/restore.ts';
import { ConfigError, loadConfig } from '../core/config.ts';
import { loadCheckpointKey } from '../core/audit/verify.ts';

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    console.error('usage: npm run restore -- FILE');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const config = loadConfig();
    const { manifest, checks, ok } = await restoreBackup(config.database, argv[0]!, { key: loadCheckpointKey(config.audit), checkpointFile: config.audit.checkpointFile });
    console.log(`restored ${argv[0]} (made ${manifest.createdAt}) into the ${manifest.database} database`);
    for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    if (!ok) {
      console.error('restore verification FAILED: do not use this database; keep the archive and investigate.');
      return 1;
    }
    console.log('restore verified');
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof BackupError) {
      console.error(`restore failed: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
