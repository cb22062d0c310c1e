import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime } from './i18n.tsx';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('times are shown in Europe/Amsterdam whatever the browser zone', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Tokyo'])('a hearing planned at 10:00 Amsterdam time shows 10:00 in a browser on %s', (tz) => {
    process.env.TZ = tz;
    expect(formatDateTime('nl', '2026-03-20T10:00')).toContain('10:00');
    expect(formatDateTime('en', '2026-03-20T10:00')).toContain('10:00');
    // An instant is converted: 09:00 UTC is 10:00 in Amsterdam in winter time.
    expect(formatDateTime('nl', '2026-03-20T09:00:00Z')).toContain('10:00');
  });
});
