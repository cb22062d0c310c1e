import { describe, expect, it } from 'vitest';
import { purgeCss } from './build-plugins.ts';

const css = [
  '.utrecht-theme{--utrecht-color-blue:#00f;--utrecht-button-color:var(--utrecht-color-blue);--utrecht-rich-text-color:red;--utrecht-accordion-gap:var(--utrecht-space)}',
  '.utrecht-button{color:var(--utrecht-button-color)}',
  '.utrecht-button--primary-action:not(:disabled,.utrecht-button--disabled){font-weight:bold}',
  '.utrecht-rich-text .utrecht-button{margin:0}',
  '.utrecht-rich-text,.utrecht-button__label{display:block}',
  '.utrecht-accordion{gap:1px}',
  '@media (min-width:40em){.utrecht-rich-text{padding:0}.utrecht-button{padding:1px}}',
  '@keyframes spin{from{rotate:0}to{rotate:1turn}}',
  '.utrecht-table{border-color:var(--utrecht-accordion-gap)}',
].join('');

describe('purgeCss', () => {
  const out = purgeCss(css, new Set(['utrecht-theme', 'utrecht-button', 'utrecht-table']));

  it('keeps rules of used components and drops the others', () => {
    expect(out).toContain('.utrecht-button{color:var(--utrecht-button-color)}');
    expect(out).toContain('.utrecht-button--primary-action:not(:disabled,.utrecht-button--disabled){font-weight:bold}');
    expect(out).toContain('.utrecht-button__label{display:block}');
    expect(out).not.toContain('.utrecht-rich-text');
    expect(out).not.toContain('.utrecht-accordion{');
  });

  it('keeps at-rules, pruning their contents', () => {
    expect(out).toContain('@media (min-width:40em){.utrecht-button{padding:1px}}');
    expect(out).toContain('@keyframes spin{from{rotate:0}to{rotate:1turn}}');
  });

  it('drops tokens of unused components unless something kept refers to them', () => {
    expect(out).toContain('--utrecht-color-blue:#00f');
    expect(out).toContain('--utrecht-button-color:var(--utrecht-color-blue)');
    expect(out).not.toContain('--utrecht-rich-text-color');
    // Unused component, but the (used) table refers to it.
    expect(out).toContain('--utrecht-accordion-gap:var(--utrecht-space)');
  });
});

describe('dutchHolidaysOnly', () => {
  it("keeps only the Netherlands of date-holidays' data, with its holiday rules", async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { dutchHolidaysOnly } = await import('./build-plugins.ts');
    const file = createRequire(import.meta.url)
      .resolve('date-holidays/package.json')
      .replace(/package\.json$/, 'src/data.js');
    const plugin = dutchHolidaysOnly();
    const transform = plugin.transform as { handler: (code: string) => { code: string } };
    const out = transform.handler(readFileSync(file, 'utf8')).code;
    const data = JSON.parse(out.replace(/^export const data = /, '').replace(/;\s*$/, '')) as { holidays: Record<string, { days: Record<string, unknown> }> };
    expect(Object.keys(data.holidays)).toEqual(['NL']);
    expect(Object.keys(data.holidays.NL!.days)).toEqual(expect.arrayContaining(['12-25', '12-26', '01-01']));
    expect(out.length).toBeLessThan(50_000);
  });
});
