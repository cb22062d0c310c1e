import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';
import config from '../../rolldown.config.ts';
import { createCalendar as createCalendarFromSources } from '../../src/domain/calendar.ts';

// `npm start` and bench:scale run the server as rolldown builds it (rolldown.config.ts), while the
// tests run the sources. The build bundles date-holidays with the Netherlands' data alone (about
// 9 MB less in each of the server's two isolates, issue 14): the built calendar must still know the
// general holidays of the Algemene termijnenwet (art. 1; DOMAIN.md).
// Written inside the repository, so that the externals resolve from its node_modules.
mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
const dir = mkdtempSync(join(process.cwd(), 'dist', 'build-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server build', () => {
  it("bundles date-holidays with the Netherlands only; the built calendar keeps the Atw's holidays", async () => {
    const bundle = await rolldown({ ...config, input: { calendar: 'src/domain/calendar.ts' } });
    await bundle.write({ ...config.output, dir, sourcemap: false });
    await bundle.close();
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/from ["']date-holidays["']/);
    expect(code).toMatch(/from ["']date-holidays-parser["']/);
    expect(code).toContain('"NL"');
    expect(code).not.toContain('"DE":');
    const { createCalendar } = (await import(pathToFileURL(join(dir, 'calendar.js')).href)) as typeof import('../../src/domain/calendar.ts');
    const cal = createCalendar();
    // King's Day 2026 is a Monday; a working day after Christmas Eve skips Christmas, Boxing Day and the weekend.
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(cal.holidays(2026).map((h) => h.date)).toEqual(
      createCalendarFromSources()
        .holidays(2026)
        .map((h) => h.date),
    );
  });
});
