/**
 * npm run backup -- FILE    an online backup of the DATABASE_URL database (or ./data/klachtwijzer.db)
 *
 * FILE becomes a gzipped tar with manifest.json and the database snapshot
 * (the documents are in it). The server may keep running. Exit 1 on failure.
 */
import { existsSync } from 'node:fs';
import { createBackup } from '../backup/backup.ts';
import { BackupError } from '../backup/pg-tools.ts';
import { ConfigError, loadConfig } from '../core/config.ts';

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    console.error('usage: npm run backup -- FILE');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const config = loadConfig();
    const started = Date.now();
    const { file, manifest, sha256, bytes } = await createBackup(config.database, argv[0]!);
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.log(`backup written: ${file} (${bytes} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(`  ${manifest.database}, ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.tables.cases ?? 0} cases, ${manifest.documents.count} documents`);
    console.log(`  audit log: ${manifest.audit.count} entries, head ${manifest.audit.head ?? '(none)'}`);
    console.log(`  sha256 of the archive: ${sha256}`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof BackupError) {
      console.error(`backup failed: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
