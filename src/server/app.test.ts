import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './app.ts';

describe('what the request log may hold', () => {
  it('masks status-link tokens and drops query strings (a search may hold a name)', () => {
    expect(logSafeUrl('/api/v1/public/status/abcDEF123-_x/documents/9')).toBe('/api/v1/public/status/***/documents/9');
    expect(logSafeUrl('/status/abcDEF123')).toBe('/status/***');
    expect(logSafeUrl('/api/v1/cases?q=Anna%20de%20Vries&limit=5')).toBe('/api/v1/cases?…');
    expect(logSafeUrl('/healthz')).toBe('/healthz');
  });
});
