import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to SQLite under ./data and 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'sqlite', path: './data/klachtwijzer.db' });
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
    expect(c.secureCookies).toBe(false);
  });

  it('selects PostgreSQL or another SQLite file by DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
  });

  it('fails fast naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('an https PUBLIC_URL makes cookies Secure', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://klachten.example.org/' })).toMatchObject({ secureCookies: true, publicUrl: 'https://klachten.example.org' });
  });
});
