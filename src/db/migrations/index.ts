import type { Migration } from 'kysely/migration';
import * as m001 from './2026-11-23-001-foundation.ts';
import * as m002 from './2026-11-23-002-regulations.ts';
import * as m003 from './2026-11-23-003-cases.ts';
import * as m004 from './2026-11-23-004-learning.ts';
import * as m101 from './2026-12-02-001-transfer-partners.ts';
import * as m102 from './2026-12-02-002-single-sign-on.ts';
import * as m103 from './2026-12-02-003-exactly-once.ts';
import * as m201 from './2026-12-02-201-sign-in-security.ts';
import * as m801 from './2026-12-02-801-scale.ts';
import * as m701 from './2026-12-02-701-organisation-branding.ts';
import * as m1201 from './2026-12-02-101-audit-chain.ts';
import * as m1301 from './2026-12-03-901-shared-committees.ts';
import * as m902 from './2026-12-03-902-confidants.ts';
import * as m903 from './2026-12-03-903-report-months.ts';
import * as m904 from './2026-12-03-904-search-prefixes.ts';
import * as m905 from './2026-12-04-905-overdue-marks.ts';
import * as m906 from './2026-12-07-906-intake-inbox.ts';
import * as m907 from './2026-12-07-907-search-vectors.ts';
import * as m908 from './2026-12-07-908-open-marked-statistics.ts';
import * as m909 from './2026-12-07-909-search-planning.ts';
import * as m910 from './2026-12-07-910-search-scope.ts';
import * as m911 from './2026-12-08-911-search-newest-first.ts';

// Listed by hand (no directory scanning): the order is the file name order.
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-foundation': m001,
  '2026-11-23-002-regulations': m002,
  '2026-11-23-003-cases': m003,
  '2026-11-23-004-learning': m004,
  '2026-12-02-001-transfer-partners': m101,
  '2026-12-02-002-single-sign-on': m102,
  '2026-12-02-003-exactly-once': m103,
  '2026-12-02-201-sign-in-security': m201,
  '2026-12-02-801-scale': m801,
  '2026-12-02-701-organisation-branding': m701,
  '2026-12-02-101-audit-chain': m1201,
  '2026-12-03-901-shared-committees': m1301,
  '2026-12-03-902-confidants': m902,
  '2026-12-03-903-report-months': m903,
  '2026-12-03-904-search-prefixes': m904,
  '2026-12-04-905-overdue-marks': m905,
  '2026-12-07-906-intake-inbox': m906,
  '2026-12-07-907-search-vectors': m907,
  '2026-12-07-908-open-marked-statistics': m908,
  '2026-12-07-909-search-planning': m909,
  '2026-12-07-910-search-scope': m910,
  '2026-12-08-911-search-newest-first': m911,
};
