import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/server-process.ts';

// Issue 11 §4: the import arrows run one way. A module may import its own layer
// and the layers below it, never one above: the pure domain at the bottom, then
// core (configuration, ids, errors, the audit writer), the database, the workers
// and renderers, the HTTP server, the command line. The web app sees only the domain.
const LAYERS: Record<string, number> = { domain: 0, core: 1, db: 2, letters: 3, reports: 3, mail: 3, backup: 3, jobs: 3, server: 4, cli: 5 };
// The table declarations are types every layer shares (core's audit writer writes a table).
const SHARED = new Set(['src/db/schema.ts']);

function files(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const src = readFileSync(join(repoRoot, file), 'utf8');
  return [...src.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => normalize(join(dirname(file), m[1]!)));
}

const area = (path: string) => (path.startsWith('src/') ? path.split('/')[1]! : path.split('/')[0]!);

/** Why `file` may not import `target`, or null when it may. */
function violation(file: string, target: string): string | null {
  const from = area(file);
  const to = area(relative(repoRoot, join(repoRoot, target)));
  if (SHARED.has(target) || to === from || to === 'regulations') return null;
  if (from === 'web') return to === 'domain' ? null : 'the web app imports only the domain';
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (a === undefined || b === undefined) return 'unknown area';
  return b > a ? `${from} is below ${to}` : null;
}

describe('module layers (issue 11 §4)', () => {
  it('no module imports a layer above its own', () => {
    const wrong = files('src').flatMap((file) =>
      imports(file).flatMap((t) => {
        const why = violation(file, t);
        return why ? [`${file} → ${t} (${why})`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('names an upward import, and lets a downward one pass', () => {
    expect(violation('src/jobs/retention.ts', 'src/server/audit/denied.ts')).toBe('jobs is below server');
    expect(violation('src/core/ids.ts', 'src/server/ids.ts')).toBe('core is below server');
    expect(violation('src/web/App.tsx', 'src/server/app.ts')).toBe('the web app imports only the domain');
    expect(violation('src/server/app.ts', 'src/core/audit/read-audit.ts')).toBeNull();
    expect(violation('src/core/audit/chain.ts', 'src/db/schema.ts')).toBeNull();
  });
});
