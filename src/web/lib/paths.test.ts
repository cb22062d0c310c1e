import { describe, expect, it } from 'vitest';
import { matchPath, safeNext } from './paths.ts';

describe('matchPath', () => {
  it('matches static and parameter segments', () => {
    expect(matchPath('/admin/organisations', '/admin/organisations')).toEqual({});
    expect(matchPath('/admin/organisations/:id', '/admin/organisations/abc-1')).toEqual({ id: 'abc-1' });
    expect(matchPath('/admin/organisations/:id', '/admin/organisations/a%20b/')).toEqual({ id: 'a b' });
  });

  it('rejects other paths', () => {
    expect(matchPath('/admin/organisations/:id', '/admin/organisations')).toBeNull();
    expect(matchPath('/admin/organisations/:id', '/admin/users/1')).toBeNull();
    expect(matchPath('/admin/organisations/:id', '/admin/organisations/%E0%A4%A')).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps same-site paths', () => {
    expect(safeNext('/admin/users?organisationId=1')).toBe('/admin/users?organisationId=1');
  });

  it('refuses anything that could leave the site or loop', () => {
    for (const next of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login', 'admin']) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
