import type { Migration } from 'kysely/migration';
import * as m001 from './2026-11-23-001-foundation.ts';
import * as m002 from './2026-11-23-002-regulations.ts';
import * as m003 from './2026-11-23-003-cases.ts';
import * as m004 from './2026-11-23-004-learning.ts';
import * as m1201 from './2026-12-02-101-audit-chain.ts';

// Listed by hand (no directory scanning): the order is the file name order.
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-foundation': m001,
  '2026-11-23-002-regulations': m002,
  '2026-11-23-003-cases': m003,
  '2026-11-23-004-learning': m004,
  '2026-12-02-101-audit-chain': m1201,
};
