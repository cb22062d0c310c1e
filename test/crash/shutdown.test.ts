import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseUrlOf, type TestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/net.ts';

// Graceful shutdown: on SIGTERM the server finishes the requests in flight,
// closes the database and exits 0.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('graceful shutdown', () => {
  it('finishes a request in flight on SIGTERM and exits 0', async () => {
    const port = await freePort();
    const url = databaseUrlOf(db.config);
    const proc = spawn(process.execPath, ['src/server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        ADMIN_EMAIL: 'stop@example.org',
        ADMIN_PASSWORD: 'graceful-exit-1234',
        LOG_LEVEL: 'warn',
        JOBS: 'on',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (b) => (output += b));
    proc.stderr.on('data', (b) => (output += b));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // A login hashes with scrypt: a request that is still running when the signal comes.
    const inFlight = fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'stop@example.org', password: 'graceful-exit-1234' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    proc.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status, output).toBe(200);
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))])).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
