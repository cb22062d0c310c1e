import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./regulation.ts', import.meta.url));
const regulations = fileURLToPath(new URL('../../regulations/', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('regulation CLI', () => {
  it('checks every preset file with no errors (exit 0)', () => {
    const files = readdirSync(regulations)
      .filter((f) => /\.v\d+\.json$/.test(f))
      .map((f) => join(regulations, f));
    expect(files.length).toBe(10);
    const r = run('check', ...files);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/: ok: /g)).toHaveLength(10);
  });

  it('names the path of each wrong field and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regulation-'));
    const bad = JSON.parse(readFileSync(join(regulations, 'stadsring51.v1.json'), 'utf8'));
    bad.levels[0].terms.decision.unit = 'fortnights';
    bad.retention.unit = 'days'; // a missing retention defaults to 5 years (issue 12); a wrong one is an error
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const r = run('check', join(dir, 'bad.json'), join(dir, 'broken.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: levels[0].terms.decision.unit:');
    expect(r.stderr).toContain('error: retention.unit:');
    expect(r.stderr).toContain('broken.json: error: cannot read JSON');
  });

  it('warns where a municipality falls below the Awb, and still exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regulation-'));
    const slow = JSON.parse(readFileSync(join(regulations, 'awb-gemeente.v1.json'), 'utf8'));
    slow.levels[1].terms.decision.length = 12;
    writeFileSync(join(dir, 'slow.json'), JSON.stringify(slow));
    const r = run('check', join(dir, 'slow.json'));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: levels[1].terms.decision: decision term of level "formal" is beyond Awb\'s 6 weeks');
  });

  it('prints the JSON Schema, and usage on a wrong call (exit 2)', () => {
    const schema = run('schema');
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: 'Klachtwijzer complaint regulation', type: 'object' });
    expect(run('frobnicate').status).toBe(2);
    expect(run('check').status).toBe(2);
  });
});
