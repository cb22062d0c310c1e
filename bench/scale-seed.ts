// The scale benchmark's database: BENCH_CASES cases over 50 organisations, the
// largest with 20 %, received over five years, through the product's schema
// (its migrations) and its domain (every case's state, timeline, deadlines and
// letters come from createCase/applyEvent/computeDeadlines, as the API would
// store them). Rows are written with bulk SQL in id order, so every index, the
// full-text table and the reference counters are filled as the product fills
// them; `checkConsistency` asks the product's own API afterwards.
//
// Speed: the domain runs once per (regulation, kind, scenario, day of receipt)
// and the result is reused by every case with the same key (the deadlines
// depend on the calendar day only); a case then costs a few row inserts.
import { createHash, randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase } from '../src/db/database.ts';
import type { Database as DatabaseConfig } from '../src/core/config.ts';
import { ensureFirstAdmin } from '../src/server/bootstrap.ts';
import { referencePrefix, nextDueOf } from '../src/server/cases/cases.service.ts';
import {
  allowedEvents,
  amsterdamDate,
  applyEvent,
  computeDeadlines,
  createCase,
  escalationTargets,
  presets,
  proposeAdmissibility,
  retentionEnd,
  STATUSES,
  type CaseState,
  type Deadline,
  type Regulation,
} from '../src/domain/index.ts';
import { scopeToken } from '../src/domain/search.ts';
import { OUTCOMES } from '../src/domain/regulation.schema.ts';
import { admissibilityRules } from '../src/domain/lifecycle.ts';

const STORIES_PER_DAY = 8;
export const BENCH_ADMIN = { email: 'bench@example.org', password: 'schaal-meting-sleutel-7' };
export const ORGANISATIONS = 50;
/** Words the benchmark searches for: one in about 1 in 4 descriptions, one in about 20 cases of the largest organisation. */
export const COMMON_WORD = 'begeleider';
export const RARE_WORD = 'parkeervergunning';

// ---------------------------------------------------------------- deterministic randomness

let rngState = 0x9e3779b9;
function rand(): number {
  // xorshift32: fast and reproducible, so two seeds of one size are alike.
  rngState ^= rngState << 13;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  return (rngState >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

function uuid7(ms: number, counter: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- stories

type Step = string;
/** Preference lists: at each step the first event type that the domain allows now (each once per level). */
const SCENARIOS: { name: string; steps: Step[]; weight: number; gap: number }[] = [
  { name: 'resolved', steps: ['acknowledged', 'contacted', 'mediation', 'decided:resolved', 'decision-approved', 'closed'], weight: 30, gap: 6 },
  {
    name: 'judged',
    steps: ['acknowledged', 'admissibility-decided', 'contacted', 'hearing-scheduled', 'hearing-held', 'decided', 'decision-approved', 'closed'],
    weight: 30,
    gap: 9,
  },
  {
    name: 'escalated',
    steps: [
      'acknowledged',
      'contacted',
      'decided',
      'decision-approved',
      'escalated',
      'acknowledged',
      'admissibility-decided',
      'hearing-scheduled',
      'hearing-held',
      'hearing-skipped',
      'decided',
      'decision-approved',
      'closed',
    ],
    weight: 8,
    gap: 10,
  },
  { name: 'late', steps: ['acknowledged', 'extended', 'contacted', 'hearing-skipped', 'decided', 'decision-approved', 'closed'], weight: 10, gap: 25 },
  { name: 'withdrawn', steps: ['acknowledged', 'contacted', 'withdrawn'], weight: 10, gap: 7 },
  { name: 'inadmissible', steps: ['acknowledged', 'admissibility-decided:no'], weight: 6, gap: 5 },
  // Left open for a long time: the overdue part of a work queue.
  { name: 'stuck', steps: ['acknowledged'], weight: 6, gap: 4 },
];
const SCENARIO_WEIGHT = SCENARIOS.reduce((s, x) => s + x.weight, 0);

interface StoryEvent {
  type: string;
  on: string;
  at: string;
  level: string;
  data: string;
  letters: string[];
}
interface Story {
  state: string;
  startLevel: string;
  kind: string;
  level: string;
  status: string;
  outcome: string | null;
  facts: string;
  admissibility: string | null;
  events: StoryEvent[];
  createLetters: string[];
  deadlines: Deadline[];
  nextDue: string | null;
  closedOn: string | null;
  recommendations: number;
}

function payload(reg: Regulation, state: CaseState, step: Step, day: string, actors: { handler: string; approver: string }): Record<string, unknown> | null {
  const [type, variant] = step.split(':') as [string, string | undefined];
  const level = reg.levels.find((l) => l.id === state.level)!;
  switch (type) {
    case 'admissibility-decided': {
      if (variant !== 'no') return { type, admissible: true };
      const ground = admissibilityRules(reg, level.id).grounds[0]?.code;
      return ground ? { type, admissible: false, grounds: [ground] } : null;
    }
    case 'hearing-scheduled':
      return { type, at: `${addDays(day, 7)}T14:00`, place: 'Stadhuis, kamer 2' };
    case 'hearing-held':
      return { type, report: 'Beide partijen zijn gehoord; verslag in het dossier.' };
    case 'hearing-skipped': {
      const ground = level.hearing?.skipGrounds[0];
      return ground ? { type, ground } : null;
    }
    case 'decided': {
      const allowed = level.outcomes ?? OUTCOMES;
      const outcome = variant && allowed.includes(variant as never) ? variant : pick(allowed);
      return {
        type,
        outcome,
        motivation: 'Na onderzoek en horen van beide partijen is het oordeel als volgt.',
        actorId: actors.handler,
        ...(rand() < 0.3 && { recommendations: ['Maak afspraken schriftelijk.', 'Bel terug binnen twee dagen.'].slice(0, int(1, 2)) }),
      };
    }
    case 'decision-approved':
      return { type, actorId: actors.approver };
    case 'extended':
      return { type, weeks: 4, reason: 'Meer tijd nodig voor het horen van betrokkenen.' };
    case 'escalated': {
      const to = escalationTargets(reg, state)[0];
      return to ? { type, toLevel: to } : null;
    }
    case 'mediation':
      return { type, agreements: 'Afspraken gemaakt over de begeleiding.' };
    case 'contacted':
      return { type, note: 'Telefonisch gesproken.' };
    default:
      return { type };
  }
}

/** One case's life through the domain, as the API would have recorded it event by event. */
function tell(
  reg: Regulation,
  kind: string,
  scenarioIx: number,
  receivedOn: string,
  today: string,
  anonymous: boolean,
  actors: { handler: string; approver: string },
): Story | null {
  const created = createCase(reg, { kind: kind as never, receivedOn, complainant: anonymous ? null : { role: 'client' } });
  if (!created.ok) return null;
  let state = created.state;
  const scenario = SCENARIOS[scenarioIx]!;
  const events: StoryEvent[] = [];
  let day = receivedOn;
  let used = new Set<string>();
  // Compliments and signals: acknowledged and closed; objections are referred at intake.
  // When none of the scenario's steps fits the regulation any more (a required hearing, say), the
  // case is brought to an end the way the regulation allows; only 'stuck' cases stay open on purpose.
  const finish = scenario.name === 'stuck' ? [] : ['hearing-skipped', 'admissibility-decided', 'decided', 'decision-approved', 'closed', 'withdrawn'];
  const steps = kind === 'compliment' ? ['acknowledged', 'closed'] : kind === 'signal' ? ['acknowledged', 'contacted', 'closed'] : [...scenario.steps, ...finish];
  for (let guard = 0; guard < 20 && !STATUSES[state.status].ended; guard++) {
    const allowed = new Set<string>(allowedEvents(reg, state));
    const step = steps.find((s) => !used.has(s) && allowed.has(s.split(':')[0]!));
    if (!step) break;
    used.add(step);
    const body = payload(reg, state, step, day, actors);
    if (!body) continue;
    const gap = step === 'acknowledged' ? int(1, scenario.name === 'late' ? 12 : 7) : int(1, scenario.gap * 2);
    const on = addDays(day, gap);
    if (on > today) break; // a recent case: the rest has not happened yet
    const r = applyEvent(reg, state, { ...body, on }, `${on}T12:00:00.000Z`);
    if (!r.ok) continue;
    state = r.state;
    day = on;
    const rec = state.events.at(-1)! as Record<string, unknown>;
    const { type: _t, on: _o, recordedAt, actorId: _a, ...data } = rec;
    events.push({ type: String(body.type), on, at: String(recordedAt), level: state.level, data: JSON.stringify(data), letters: r.letters });
    if (body.type === 'escalated') used = new Set([...used].filter((s) => s === 'escalated'));
  }
  const ended = STATUSES[state.status].ended;
  // Stored as the product stores them: computed when the last event was recorded, settled when the case ended.
  let deadlines = computeDeadlines(reg, state, `${day}T12:00:00.000Z`);
  const endOn = state.events.at(-1)?.on ?? receivedOn;
  if (ended) deadlines = deadlines.map((d) => (d.doneOn ? d : { ...d, doneOn: endOn }));
  const proposal = state.kind === 'complaint' || state.kind === 'dissatisfaction' ? proposeAdmissibility(reg, state.facts, { level: state.level }) : null;
  let recommendations = 0;
  for (const e of state.events) if (e.type === 'decided') recommendations += e.recommendations?.length ?? 0;
  return {
    state: JSON.stringify(state),
    startLevel: state.startLevel,
    kind: state.kind,
    level: state.level,
    status: state.status,
    outcome: state.decision?.outcome ?? null,
    facts: JSON.stringify({ ...state.facts, historySoFar: null, consentToInspect: null }),
    admissibility: proposal ? JSON.stringify(proposal) : null,
    events,
    createLetters: created.letters,
    deadlines,
    nextDue: ended ? null : nextDueOf(deadlines),
    closedOn: ended ? endOn : null,
    recommendations,
  };
}

// ---------------------------------------------------------------- people and words

const FIRST = [
  'Anna',
  'Bram',
  'Chantal',
  'Daan',
  'Eva',
  'Fatima',
  'Gert',
  'Hanna',
  'Ibrahim',
  'Joke',
  'Kees',
  'Lotte',
  'Mohamed',
  'Noor',
  'Olga',
  'Pieter',
  'Rana',
  'Sander',
  'Tess',
  'Youssef',
];
const LAST_PARTS = [
  'Jan',
  'Vis',
  'Berg',
  'Dijk',
  'Bos',
  'Hoek',
  'Smit',
  'Mulder',
  'Bakker',
  'Meer',
  'Veen',
  'Brink',
  'Kamp',
  'Hof',
  'Laar',
  'Wijk',
  'Beek',
  'Horst',
  'Boom',
  'Kok',
];
const SURNAMES = LAST_PARTS.flatMap((a) => LAST_PARTS.map((b) => `${a}${b.toLowerCase()}`)); // 400 surnames
const SENTENCES = [
  `De ${COMMON_WORD} kwam niet op de afgesproken tijd en liet niets weten.`,
  'Ik ben meerdere keren niet teruggebeld over mijn aanvraag.',
  `Mijn ${COMMON_WORD} is gewisseld zonder dat iemand het mij vertelde.`,
  'Het indicatiebesluit kwam veel te laat, waardoor de zorg stopte.',
  'Aan de balie werd onvriendelijk over mijn situatie gesproken.',
  'De wachttijd voor een eerste gesprek was meer dan drie maanden.',
  'Er is zonder overleg informatie gedeeld met de school.',
  'Gemaakte afspraken over vervoer zijn niet nagekomen.',
];
const CATEGORIES = ['treatment', 'accessibility', 'communication', 'expertise', 'waiting-time', 'privacy', 'agreements-not-kept', 'quality-of-help', 'other'];

// ---------------------------------------------------------------- organisations

interface Org {
  id: string;
  slug: string;
  name: string;
  regulation: Regulation;
  parent: string | null;
  weight: number;
  teams: string[];
  users: string[];
  officer: string;
  approver: string;
}

/**
 * 50 organisations: the largest (20 % of the cases) is a provider under a
 * municipality; the municipality oversees 24 providers in all; 25 others stand alone.
 */
function organisations(now: string): Org[] {
  const byId = new Map(presets.map((p) => [p.id, p]));
  const providerRegs = ['utrecht-buurtteams', 'sth-helmond', 'ondersteuningsteam', 'wkkgz', 'stadsring51'];
  const otherRegs = ['awb-gemeente', 'stichtse-vecht', ...providerRegs];
  const out: Org[] = [];
  const rest = Array.from({ length: ORGANISATIONS - 1 }, (_, i) => 1 / (i + 2) ** 0.6);
  const restSum = rest.reduce((s, x) => s + x, 0);
  for (let i = 0; i < ORGANISATIONS; i++) {
    const regId = i === 0 ? 'stadsring51' : i === 1 ? 'stichtse-vecht' : i <= 25 ? providerRegs[i % providerRegs.length]! : otherRegs[i % otherRegs.length]!;
    const slug = i === 0 ? 'zorggroep-groot' : i === 1 ? 'gemeente-groot' : `bench-org-${String(i).padStart(2, '0')}`;
    out.push({
      id: uuid7(Date.parse(now) - 1e9 + i, i),
      slug,
      name: i === 0 ? 'Zorggroep Groot' : i === 1 ? 'Gemeente Groot' : `Bench Organisatie ${i}`,
      regulation: byId.get(regId)!,
      parent: null,
      weight: i === 0 ? 0.2 : (0.8 * rest[i - 1]!) / restSum,
      teams: [],
      users: [],
      officer: '',
      approver: '',
    });
  }
  for (let i = 0; i <= 25; i++) if (i !== 1) out[i]!.parent = out[1]!.id;
  return out;
}

// ---------------------------------------------------------------- writing

export interface SeedResult {
  cases: number;
  seconds: number;
  largestOrganisationId: string;
  largestSlug: string;
  municipalityId: string;
  longCaseId: string;
  sampleCaseIds: string[];
  statusToken: string;
  rareSurname: string;
  teamId: string;
  rareStatus: string;
}

/** Column lists per table, in insert order. */
const COLUMNS = {
  cases: [
    'id',
    'organisation_id',
    'reference',
    'year',
    'seq',
    'regulation_id',
    'regulation_version',
    'kind',
    'level',
    'status',
    'channel',
    'received_at',
    'received_on',
    'categories',
    'anonymous',
    'complainant',
    'description',
    'desired_outcome',
    'facts',
    'state',
    'admissibility',
    'outcome',
    'handler_user_id',
    'team_id',
    'status_token_hash',
    'next_due',
    'transferred_from',
    'closed_at',
    'retain_until',
    'destroyed_at',
    'created_by',
    'created_at',
    'updated_at',
    'row_version',
  ],
  case_events: ['id', 'case_id', 'type', 'at', 'on_date', 'level', 'actor_user_id', 'data'],
  case_deadlines: ['case_id', 'idx', 'kind', 'level', 'organisation_id', 'due', 'status', 'done_on', 'source', 'explanation', 'reminded_at', 'alerted_at'],
  case_parties: ['id', 'case_id', 'role', 'name', 'department', 'user_id', 'email', 'created_at'],
  case_search: ['case_id', 'scope', 'body'],
  documents: ['id', 'case_id', 'kind', 'name', 'mime', 'size', 'sha256', 'shared', 'content', 'uploaded_by', 'created_at'],
  letters: ['id', 'case_id', 'kind', 'event_id', 'document_id', 'recipient', 'created_at'],
  measures: [
    'id',
    'organisation_id',
    'case_id',
    'title',
    'recommendation',
    'owner_user_id',
    'due_on',
    'state',
    'evidence',
    'done_on',
    'reminded_at',
    'created_by',
    'created_at',
    'updated_at',
  ],
} as const;
type Table = keyof typeof COLUMNS;

interface Sink {
  add(table: Table, row: unknown[]): void;
  flush(): Promise<void>;
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

function sqliteSink(path: string): Sink {
  const db = new BetterSqlite3(path);
  // A bulk load into a new file: no journal, no fsync; the finished file is switched back to WAL.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -400000');
  db.pragma('temp_store = MEMORY');
  const stmts = new Map<Table, BetterSqlite3.Statement>();
  for (const [t, cols] of Object.entries(COLUMNS)) stmts.set(t as Table, db.prepare(`insert into ${t} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`));
  // The search index numbers downwards as cases come in, as the product's own filing does (migration 911).
  stmts.set('case_search', db.prepare(`insert into case_search (rowid, ${COLUMNS.case_search.join(', ')}) values (?, ${COLUMNS.case_search.map(() => '?').join(', ')})`));
  let searchRowid = 0;
  let buffer: [Table, unknown[]][] = [];
  const write = db.transaction((rows: [Table, unknown[]][]) => {
    for (const [t, r] of rows) stmts.get(t)!.run(t === 'case_search' ? [--searchRowid, ...r] : r);
  });
  return {
    add(table, row) {
      buffer.push([table, row]);
      if (buffer.length >= 50_000) {
        write(buffer);
        buffer = [];
      }
    },
    async flush() {
      write(buffer);
      buffer = [];
    },
    async exec(sqlText) {
      db.exec(sqlText);
    },
    async close() {
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

async function postgresSink(url: string, log: (s: string) => void): Promise<Sink> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  // A million cases took 698 s against the 600 s of issue 14. The seeded tables' foreign keys and
  // the indexes that back no constraint are made again after the load, from their own definitions
  // (options such as the GIN index's fastupdate=off included): a foreign key added to a full table
  // checks every row in one join, where it was a trigger and a lookup per row (at 100k cases the
  // seed took 64 s with them, 48 s this way), and an index built afterwards checks its own
  // uniqueness. Primary keys and unique constraints stay.
  const tables = Object.keys(COLUMNS);
  const { rows: foreignKeys } = await client.query<{ name: string; table: string; def: string }>(
    `select conname as name, conrelid::regclass::text as "table", pg_get_constraintdef(oid) as def
       from pg_constraint where contype = 'f' and conrelid in (select oid from pg_class where relname = any($1) and relnamespace = current_schema()::regnamespace)`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class t on t.oid = i.indrelid
      where t.relname = any($1) and t.relnamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const f of foreignKeys) await client.query(`alter table ${f.table} drop constraint ${f.name}`);
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  const buffers = new Map<Table, unknown[][]>();
  let pending = 0;
  // Parent tables first (the foreign keys themselves are checked once, in close()).
  const order: Table[] = ['cases', 'case_events', 'case_deadlines', 'case_parties', 'case_search', 'documents', 'letters', 'measures'];
  async function flushAll() {
    await client.query('begin');
    for (const t of order) {
      const rows = buffers.get(t) ?? [];
      const cols = COLUMNS[t];
      // One statement per table and flush: unnest of one array per column.
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000);
        const arrays = cols.map((_, j) => chunk.map((r) => (r[j] === null || r[j] === undefined ? null : typeof r[j] === 'number' ? r[j] : String(r[j]))));
        const types = cols.map((c, j) => (c === 'content' ? 'bytea[]' : typeof chunk.find((r) => r[j] !== null)?.[j] === 'number' ? 'int[]' : 'text[]'));
        await client.query(`insert into ${t} (${cols.join(', ')}) select * from unnest(${cols.map((_, j) => `$${j + 1}::${types[j]}`).join(', ')})`, arrays);
      }
      buffers.set(t, []);
    }
    await client.query('commit');
    pending = 0;
  }
  return {
    add(table, row) {
      let b = buffers.get(table);
      if (!b) buffers.set(table, (b = []));
      b.push(row);
      pending++;
    },
    async flush() {
      if (pending) await flushAll();
    },
    async exec(sqlText) {
      await client.query(sqlText);
    },
    async close() {
      const t0 = performance.now();
      await client.query(`set maintenance_work_mem = '256MB'`);
      for (const i of indexes) await client.query(i.def);
      for (const f of foreignKeys) await client.query(`alter table ${f.table} add constraint ${f.name} ${f.def}`);
      log(`  ${indexes.length} indexes built and ${foreignKeys.length} foreign keys checked in ${Math.round((performance.now() - t0) / 1000)} s`);
      await client.end();
    },
  };
}

/**
 * Builds the database. `config` is a fresh, empty database; migrations run first
 * through the product, the first admin is made by the product's bootstrap.
 */
export async function seed(config: DatabaseConfig, cases: number, log: (s: string) => void = console.log): Promise<SeedResult> {
  const t0 = performance.now();
  const now = new Date();
  const today = amsterdamDate(now);
  const nowIso = now.toISOString();
  const product = openDatabase(config);
  await migrate(product.db);
  await ensureFirstAdmin(product.db, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const admin = await product.db.selectFrom('users').select('id').where('email', '=', BENCH_ADMIN.email).executeTakeFirstOrThrow();

  // Organisations, teams and people: few rows, through Kysely.
  const orgs = organisations(nowIso);
  let counter = 0;
  const pwHash = (await product.db.selectFrom('users').select('password_hash').where('id', '=', admin.id).executeTakeFirstOrThrow()).password_hash;
  // Overseeing organisations before the ones they oversee (parent_id is a foreign key).
  for (const o of [...orgs].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null))) {
    await product.db
      .insertInto('organisations')
      .values({
        id: o.id,
        name: o.name,
        slug: o.slug,
        regulation_id: o.regulation.id,
        parent_id: o.parent,
        street: 'Markt 1',
        postal_code: '1234 AB',
        city: 'Bench',
        email: `klachten@${o.slug}.example`,
        phone: null,
        website: null,
        created_at: nowIso,
        updated_at: nowIso,
      })
      .execute();
    const teams = Math.max(2, Math.round(o.weight * 100));
    for (let i = 0; i < teams; i++) {
      const id = uuid7(Date.parse(nowIso) - 5e8, counter++ & 0xfff);
      await product.db
        .insertInto('teams')
        .values({ id, organisation_id: o.id, name: `Team ${i + 1}`, created_at: nowIso })
        .execute();
      o.teams.push(id);
    }
    const people = Math.max(3, Math.round(o.weight * 150));
    for (let i = 0; i < people; i++) {
      const id = uuid7(Date.parse(nowIso) - 4e8, counter++ & 0xfff);
      await product.db
        .insertInto('users')
        .values({
          id,
          email: `medewerker${i}@${o.slug}.example`,
          name: `${pick(FIRST)} ${pick(SURNAMES)}`,
          password_hash: pwHash,
          platform_admin: 0,
          active: 1,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      const role = i === 0 ? 'complaints-officer' : i === 1 ? 'manager' : 'employee';
      await product.db
        .insertInto('memberships')
        .values({ id: uuid7(Date.parse(nowIso) - 4e8, counter++ & 0xfff), user_id: id, organisation_id: o.id, role, team_id: o.teams[i % o.teams.length]!, created_at: nowIso })
        .execute();
      o.users.push(id);
    }
    o.officer = o.users[0]!;
    o.approver = o.users[1]!;
  }
  // The benchmark's user: handles the largest organisation's cases and oversees the municipality's providers.
  await product.db
    .insertInto('memberships')
    .values({
      id: uuid7(Date.parse(nowIso) - 3e8, 1),
      user_id: admin.id,
      organisation_id: orgs[0]!.id,
      role: 'complaints-officer',
      team_id: orgs[0]!.teams[0]!,
      created_at: nowIso,
    })
    .execute();
  await product.db
    .insertInto('memberships')
    .values({ id: uuid7(Date.parse(nowIso) - 3e8, 2), user_id: admin.id, organisation_id: orgs[1]!.id, role: 'oversight', team_id: null, created_at: nowIso })
    .execute();
  await product.db.destroy();

  const sink = config.kind === 'sqlite' ? sqliteSink(config.path) : await postgresSink(config.url, log);

  // Which organisation and day each case has, in order of receipt (so ids ascend, as the product's do).
  const firstDay = addDays(today, -5 * 365);
  const totalDays = 5 * 365;
  const cumulative: number[] = [];
  let running = 0;
  for (const o of orgs) cumulative.push((running += o.weight));
  const dayOf = new Int32Array(cases);
  // Slight growth over the years: later days get more cases.
  // Density rising linearly from 1 to 2 over the five years (inverse of its distribution function).
  for (let i = 0; i < cases; i++) dayOf[i] = Math.min(totalDays - 1, Math.floor(totalDays * (Math.sqrt(1 + 3 * rand()) - 1)));
  dayOf.sort();
  const perDay = new Int32Array(totalDays);
  for (let i = 0; i < cases; i++) perDay[dayOf[i]!]!++;

  const stories = new Map<string, Story | null>();
  const keysOfDay = new Map<string, string[]>();
  const seqs = new Map<string, number>();
  const result: SeedResult = {
    cases,
    seconds: 0,
    largestOrganisationId: orgs[0]!.id,
    largestSlug: orgs[0]!.slug,
    municipalityId: orgs[1]!.id,
    longCaseId: '',
    sampleCaseIds: [],
    statusToken: '',
    rareSurname: '',
    teamId: orgs[0]!.teams[1] ?? orgs[0]!.teams[0]!,
    rareStatus: 'hearing-scheduled',
  };
  let longest = 0;
  let rankInDay = 0;
  let lastDay = -1;
  const kindsOf = (reg: Regulation) => reg.kinds.map((k) => k.kind);
  const surnameCount = new Map<string, number>();
  const dayCounter = new Map<number, number>();
  let written = 0;
  let tLog = performance.now();

  for (let i = 0; i < cases; i++) {
    const d = dayOf[i]!;
    if (d !== lastDay) {
      lastDay = d;
      rankInDay = 0;
    }
    const receivedOn = addDays(firstDay, d);
    const r = rand();
    let oi = cumulative.findIndex((c) => r < c);
    if (oi < 0) oi = orgs.length - 1;
    const org = orgs[oi]!;
    const reg = org.regulation;
    const kinds = kindsOf(reg);
    // Mostly complaints and dissatisfaction; some compliments, signals, objections.
    const kr = rand();
    const want = kr < 0.55 ? 'complaint' : kr < 0.8 ? 'dissatisfaction' : kr < 0.9 ? 'compliment' : kr < 0.96 ? 'signal' : 'objection';
    const kind = kinds.includes(want as never) ? want : kinds.includes('complaint' as never) ? 'complaint' : kinds[0]!;
    let sr = rand() * SCENARIO_WEIGHT;
    let scenarioIx = 0;
    while (sr >= SCENARIOS[scenarioIx]!.weight) sr -= SCENARIOS[scenarioIx++]!.weight;
    let anonymous = kind !== 'objection' && rand() < 0.04;
    let key = `${reg.id}|${kind}|${scenarioIx}|${anonymous ? 1 : 0}|${receivedOn}`;
    // At most STORIES_PER_DAY distinct stories per regulation and day: beyond that a case takes one
    // of the day's stories, so the domain runs a bounded number of times however large the seed.
    const dayKey = `${reg.id}|${receivedOn}`;
    let ofDay = keysOfDay.get(dayKey);
    if (!ofDay) keysOfDay.set(dayKey, (ofDay = []));
    if (!ofDay.includes(key)) {
      if (ofDay.length < STORIES_PER_DAY) ofDay.push(key);
      else key = pick(ofDay);
    }
    anonymous = key.split('|')[3] === '1';
    let story = stories.get(key);
    if (story === undefined) {
      story = tell(reg, key.split('|')[1]!, Number(key.split('|')[2]), receivedOn, today, anonymous, { handler: org.officer, approver: org.approver });
      stories.set(key, story);
    }
    if (!story) continue;

    const ms = Date.parse(`${receivedOn}T07:00:00.000Z`) + Math.floor((rankInDay++ / perDay[d]!) * 10 * 3600_000);
    const c = (dayCounter.get(ms) ?? 0) + 1;
    dayCounter.set(ms, c);
    const id = uuid7(ms, c);
    const receivedAt = new Date(ms).toISOString();
    const year = Number(receivedOn.slice(0, 4));
    const seqKey = `${org.id}|${year}`;
    const seq = (seqs.get(seqKey) ?? 0) + 1;
    seqs.set(seqKey, seq);
    const reference = `${referencePrefix(org.slug)}-${year}-${String(seq).padStart(4, '0')}`;
    const surname = pick(SURNAMES);
    const name = `${pick(FIRST)} ${surname}`;
    if (oi === 0) surnameCount.set(surname, (surnameCount.get(surname) ?? 0) + 1);
    // The rare word: about 20 cases of the largest organisation at every size, and none elsewhere.
    const rare = oi === 0 && rand() < 20 / (cases * orgs[0]!.weight);
    const description = [pick(SENTENCES), pick(SENTENCES), ...(rare ? [`Het gaat ook om mijn ${RARE_WORD}.`] : [])].join(' ');
    const complainant = anonymous ? null : JSON.stringify({ name, role: 'client', email: `${surname.toLowerCase()}${i}@example.org` });
    const cats = JSON.stringify([...new Set([pick(CATEGORIES), ...(rand() < 0.3 ? [pick(CATEGORIES)] : [])])]);
    const handler = rand() < 0.9 ? pick(org.users) : null;
    const team = rand() < 0.85 ? pick(org.teams) : null;
    const closedAt = story.closedOn ? `${story.closedOn}T15:00:00.000Z` : null;
    const retain = story.closedOn ? retentionEnd(reg, story.closedOn).destroyFrom : null;
    const lastAt = story.events.at(-1)?.at ?? receivedAt;
    const token = createHash('sha256').update(id).digest('hex');
    sink.add('cases', [
      id,
      org.id,
      reference,
      year,
      seq,
      reg.id,
      reg.version,
      story.kind,
      story.level,
      story.status,
      pick(['web', 'email', 'post', 'phone', 'in-person']),
      receivedAt,
      receivedOn,
      cats,
      anonymous ? 1 : 0,
      complainant,
      description,
      'Excuses en betere afspraken.',
      story.facts,
      story.state,
      story.admissibility,
      story.outcome,
      handler,
      team,
      createHash('sha256').update(token).digest('hex'),
      story.nextDue,
      null,
      closedAt,
      retain,
      null,
      org.officer,
      receivedAt,
      lastAt,
      1 + story.events.length,
    ]);
    const respondent = `${pick(FIRST)} ${pick(SURNAMES)}`;
    sink.add('case_parties', [uuid7(ms, c), id, 'respondent', respondent, 'Wijkteam', null, null, receivedAt]);
    sink.add('case_search', [id, scopeToken(org.id), [reference, anonymous ? null : name, respondent, description].filter(Boolean).join('\n')]);
    sink.add('case_events', [uuid7(ms, c + 1), id, 'received', receivedAt, receivedOn, story.startLevel, org.officer, JSON.stringify({ channel: 'web' })]);
    let n = 2;
    const letter = (kind: string, eventId: string | null, at: string) => {
      const docId = uuid7(Date.parse(at), c + n++);
      sink.add('documents', [docId, id, 'letter', `${kind}.pdf`, 'application/pdf', 24_000 + int(0, 8000), createHash('sha256').update(docId).digest('hex'), 1, null, null, at]);
      sink.add('letters', [uuid7(Date.parse(at), c + n++), id, kind, eventId, docId, 'complainant', at]);
    };
    for (const k of story.createLetters) letter(k, null, receivedAt);
    for (const e of story.events) {
      const eid = uuid7(Date.parse(e.at), c + n++);
      sink.add('case_events', [eid, id, e.type, e.at, e.on, e.level, org.officer, e.data]);
      for (const k of e.letters) letter(k, eid, e.at);
    }
    if (rand() < 0.3) {
      const docId = uuid7(ms, c + n++);
      sink.add('documents', [
        docId,
        id,
        'upload',
        'foto-brief.jpg',
        'image/jpeg',
        int(50_000, 2_000_000),
        createHash('sha256').update(docId).digest('hex'),
        rand() < 0.5 ? 1 : 0,
        null,
        null,
        receivedAt,
      ]);
    }
    story.deadlines.forEach((dl, idx) => {
      const overdue = !dl.doneOn && dl.due < today;
      sink.add('case_deadlines', [
        id,
        idx,
        dl.kind,
        dl.level ?? '',
        org.id,
        dl.due,
        dl.status,
        dl.doneOn ?? null,
        dl.source,
        JSON.stringify(dl.explanation),
        overdue ? `${dl.due}T08:00:00.000Z` : null,
        overdue ? `${addDays(dl.due, 1)}T08:00:00.000Z` : null,
      ]);
    });
    if (story.recommendations > 0 && rand() < 0.5) {
      const due = addDays(story.closedOn ?? receivedOn, 90);
      const state = due < today ? pick(['done', 'done', 'dropped', 'in-progress']) : pick(['planned', 'in-progress']);
      sink.add('measures', [
        uuid7(ms, c + n++),
        org.id,
        id,
        'Terugbelafspraken vastleggen',
        'Bel terug binnen twee dagen.',
        org.officer,
        due,
        state,
        state === 'done' ? 'Werkinstructie aangepast.' : null,
        state === 'done' ? addDays(due, int(-30, 20)) : null,
        null,
        org.officer,
        receivedAt,
        receivedAt,
      ]);
    }
    if (oi === 0) {
      if (story.events.length > longest) {
        longest = story.events.length;
        result.longCaseId = id;
      }
      if (result.sampleCaseIds.length < 200 && rand() < 0.01) result.sampleCaseIds.push(id);
      if (!story.closedOn && !result.statusToken && receivedOn > addDays(today, -30)) result.statusToken = token;
    }
    written++;
    if (written % 20_000 === 0) {
      await sink.flush();
      if (performance.now() - tLog > 15_000) {
        tLog = performance.now();
        log(`  seeded ${written} of ${cases} cases (${Math.round((performance.now() - t0) / 1000)} s, ${stories.size} stories)`);
      }
    }
  }
  await sink.flush();
  // The reference counters as the intake's upsert leaves them: the last number per organisation and year.
  const counterRows = [...seqs].map(([k, seq]) => {
    const [org, year] = k.split('|');
    return `('${org}', ${year}, ${seq})`;
  });
  for (let i = 0; i < counterRows.length; i += 500) await sink.exec(`insert into case_counters (organisation_id, year, seq) values ${counterRows.slice(i, i + 500).join(', ')}`);
  if (config.kind === 'sqlite') await sink.exec(`insert into case_search (case_search) values ('optimize')`);
  await sink.close();

  // A surname of about 1 in 2,000 cases of the largest organisation would be rare; the 400 names are
  // spread evenly, so the rare word stands in for a rare name.
  result.rareSurname = RARE_WORD;
  result.seconds = Math.round((performance.now() - t0) / 1000);
  log(`  seeded ${written} cases in ${result.seconds} s (${stories.size} distinct stories)`);
  return result;
}
