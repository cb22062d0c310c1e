import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const PRESETS = ['utrecht-buurtteams', 'stichtse-vecht', 'sth-helmond', 'ondersteuningsteam', 'stadsring51', 'awb-gemeente', 'wkkgz'];

describe('regulations API', () => {
  it('lists the seven presets of API.md and serves each whole, levels in escalation order and categories', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/regulations' })).json() as { id: string; version: number }[];
    expect(list.map((r) => r.id)).toEqual(expect.arrayContaining(PRESETS));
    for (const id of PRESETS) {
      const r = (await t.app.inject({ method: 'GET', url: `/api/v1/regulations/${id}` })).json();
      expect(r.id).toBe(id);
      expect(r.levels.length).toBeGreaterThan(0);
      expect(r.levels[0]).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String) }));
      expect(r.categories.map((c: { id: string }) => c.id)).toEqual(
        expect.arrayContaining(['treatment', 'accessibility', 'communication', 'expertise', 'waiting-time', 'privacy', 'agreements-not-kept', 'quality-of-help', 'other']),
      );
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/regulations/nope' })).statusCode).toBe(404);
  });

  it('an organisation adopts its own copy as a new version; its cases keep the version they started under', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer']);
    const officer = people['complaints-officer']!;
    const before = (
      await post(t, '/api/v1/cases', officer.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-03-04',
        complainant: { name: 'B. Jansen', role: 'client' },
        description: 'Te laat teruggebeld.',
      })
    ).json();
    expect(before.regulation).toEqual({ id: 'stadsring51', version: 2 });

    const preset = JSON.parse(readFileSync('regulations/stadsring51.v1.json', 'utf8'));
    const own = { ...preset, id: `${org.slug}-regeling`, name: 'Eigen regeling' };
    delete own.$schema;
    // Six weeks instead of eight for the decision.
    own.levels[0].terms.decision = { ...own.levels[0].terms.decision, length: 6 };
    const refused = await post(t, '/api/v1/regulations', people.admin!.cookie, { organisationId: org.id, regulation: { ...own, id: 'stadsring51' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe('regulation.id');
    const broken = await post(t, '/api/v1/regulations', people.admin!.cookie, {
      organisationId: org.id,
      regulation: { ...own, levels: [{ ...own.levels[0], handlerRole: 'wizard' }] },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('regulation.levels');
    expect((await post(t, '/api/v1/regulations', officer.cookie, { organisationId: org.id, regulation: own })).statusCode).toBe(403);

    const stored = await post(t, '/api/v1/regulations', people.admin!.cookie, { organisationId: org.id, regulation: own, basedOn: 'stadsring51', adopt: true });
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json()).toMatchObject({ id: own.id, version: 1 });
    const again = await post(t, '/api/v1/regulations', people.admin!.cookie, { organisationId: org.id, regulation: own, adopt: true });
    expect(again.json().version).toBe(2);

    const after = (
      await post(t, '/api/v1/cases', officer.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-03-04',
        complainant: { name: 'C. de Boer', role: 'client' },
        description: 'Niet teruggebeld.',
      })
    ).json();
    expect(after.regulation).toEqual({ id: own.id, version: 2 });
    expect(after.deadlines.find((d: { kind: string }) => d.kind === 'decision').due).toBe('2026-04-15'); // 6 weeks
    const old = (await get(t, `/api/v1/cases/${before.id}`, officer.cookie)).json();
    expect(old.regulation).toEqual({ id: 'stadsring51', version: 2 });
    expect(old.deadlines.find((d: { kind: string }) => d.kind === 'decision').due).toBe('2026-04-29'); // still 8 weeks [004 §6.8]

    // Another organisation's members do not see this copy.
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    expect((await get(t, `/api/v1/regulations/${own.id}`, other.people['complaints-officer']!.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/regulations/${own.id}`, officer.cookie)).statusCode).toBe(200);
  });
});

describe('npm run regulation -- check', () => {
  it('passes every preset, and names the path of each wrong field in a custom file', () => {
    for (const id of PRESETS) {
      execFileSync(process.execPath, ['src/cli/regulation.ts', 'check', `regulations/${id}.v1.json`], { stdio: 'pipe' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'kw-reg-'));
    const file = join(dir, 'bad.json');
    const preset = JSON.parse(readFileSync('regulations/awb-gemeente.v1.json', 'utf8'));
    preset.levels[1].terms.decision.unit = 'fortnights';
    writeFileSync(file, JSON.stringify(preset));
    let out = '';
    try {
      execFileSync(process.execPath, ['src/cli/regulation.ts', 'check', file], { stdio: 'pipe' });
      expect.unreachable('the check should fail');
    } catch (err) {
      out = String((err as { stdout: Buffer }).stdout) + String((err as { stderr: Buffer }).stderr);
      expect((err as { status: number }).status).toBe(1);
    }
    expect(out).toContain('levels[1].terms.decision.unit');
  });
});
