import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export class BackupError extends Error {}

/**
 * A PostgreSQL client tool: the newest /usr/lib/postgresql/N/bin first (pg_dump
 * must not be older than the server), else PATH.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const p = join(root, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new BackupError(
    `${name} not found (looked in /usr/lib/postgresql/*/bin and PATH). Install the PostgreSQL client tools of the server's version or newer (Debian: apt-get install postgresql-client), or put ${name} in PATH.`,
  );
}

/** Runs a tool to its end; a non-zero exit becomes a BackupError with the tool's own message. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', (err) => reject(new BackupError(`${command} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${command} failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  });
}
