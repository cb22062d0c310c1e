import { describe, expect, it } from 'vitest';
import { brandTokens, contrast, textOn } from './brand.tsx';

describe("an organisation's colour as theme tokens", () => {
  it('puts black or white text on it, whichever keeps the contrast (WCAG 1.4.3)', () => {
    expect(textOn('#1f5fa8')).toBe('#ffffff');
    expect(textOn('#ffd200')).toBe('#000000');
    for (const color of ['#1f5fa8', '#ffd200', '#e30613', '#00a651', '#777777']) {
      const tokens = brandTokens(color) as Record<string, string>;
      expect(contrast(color, tokens['--utrecht-page-footer-color']!)).toBeGreaterThanOrEqual(4.5);
      expect(tokens['--utrecht-button-primary-action-background-color']).toBe(color);
    }
  });

  it('gives links the colour only when it reads on white', () => {
    expect((brandTokens('#1f5fa8') as Record<string, string>)['--utrecht-link-color']).toBe('#1f5fa8');
    expect((brandTokens('#ffd200') as Record<string, string>)['--utrecht-link-color']).toBeUndefined();
    expect(brandTokens(null)).toEqual({});
    expect(brandTokens('red')).toEqual({});
  });
});
