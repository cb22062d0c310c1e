import type { LightMyRequestResponse } from 'fastify';

// Shared pieces of the robustness suite: the OpenAPI walk, hostile values,
// the check every answer must pass, and a failure collector that reports all
// problems in one assertion message.

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  params: Param[];
  body: Schema | undefined;
  key: string;
}

/** Every path × method of an OpenAPI document. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const m = method.toUpperCase();
      ops.push({ method: m, path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema, key: `${m} ${path}` });
    }
  }
  return ops;
}

/** Hostile strings for every string field and query parameter. */
export const INJECTIONS: [string, string][] = [
  ['sql', "' OR 1=1 --"],
  ['sql-drop', "x'); DROP TABLE cases; --"],
  ['fts-near', '"a" NEAR(b'],
  ['fts-star', '*'],
  ['fts-ops', 'a AND OR NOT ( ) ^ : " -b {c}'],
  ['html', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['nul', 'before\u0000after'],
  ['long-unicode', 'é😀ﷺ\u0301ß'.repeat(8000)],
  ['rtl', '\u202Egnp.exe\u200F\u200E\u2066x\u2069'],
  ['traversal', '../../etc/passwd'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  ['format', '%s%n%x{{7*7}}${7*7}'],
  ['lone-surrogate', 'a\uD800b'],
  ['blank', '   '],
  ['empty', ''],
];

/** Path parameter values other than a real id. */
export const PATH_VALUES: [string, string][] = [
  ['unknown-id', '01900000-0000-7000-8000-000000000000'],
  ['unknown-token', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ['sql', "' OR 1=1 --"],
  ['traversal', '../../etc/passwd'],
  ['html', '<script>alert(1)</script>'],
  ['nul', 'a\u0000b'],
  ['fts', '" NEAR(b *'],
  ['rtl-unicode', '\u202E😀ﷺ'.repeat(10)],
  ['max-length', 'x'.repeat(64)],
  ['over-length', 'x'.repeat(65)],
];

export type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'unknown';

/** The first non-null branch of a union, as that is what an example uses. */
export function main(s: Schema): Schema {
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return main(branches.find((b) => kindOf(b) !== 'null') ?? branches[0]!);
  if (s.allOf?.length === 1) return main(s.allOf[0]!);
  return s;
}

export function kindOf(s: Schema): Kind {
  if (s.anyOf || s.oneOf) return kindOf(main(s));
  const t = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'null') : s.type;
  if (t === 'integer' || t === 'number') return 'number';
  if (t === 'string' || t === 'boolean' || t === 'array' || t === 'object' || t === 'null') return t;
  if (s.properties) return 'object';
  if (s.enum) return typeof s.enum[0] === 'string' ? 'string' : 'unknown';
  if (s.const !== undefined) return typeof s.const as Kind;
  return 'unknown';
}

/** A value of another type than the schema declares. */
export function wrongTypeFor(s: Schema): unknown {
  switch (kindOf(s)) {
    case 'string':
      return 12345;
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/** Dotted paths of every property below a schema, with its schema (arrays use index 0). */
export function propertyPaths(s: Schema, prefix = ''): { path: string; schema: Schema }[] {
  const out: { path: string; schema: Schema }[] = [];
  const m = main(s);
  const k = kindOf(m);
  if (k === 'object' && m.properties) {
    for (const [name, child] of Object.entries(m.properties)) {
      const p = prefix ? `${prefix}.${name}` : name;
      out.push({ path: p, schema: child }, ...propertyPaths(child, p));
    }
  } else if (k === 'array' && m.items) {
    const p = `${prefix}.0`;
    const itemKind = kindOf(m.items);
    if (itemKind === 'string') out.push({ path: p, schema: m.items });
    out.push(...propertyPaths(m.items, p));
  }
  return out;
}

/** Paths of string leaves (where injection strings go). */
export const stringPaths = (s: Schema) => propertyPaths(s).filter((p) => kindOf(p.schema) === 'string');

/** An example value that satisfies the schema; `known` supplies real values by property name. */
export function example(s: Schema, name: string, known: Record<string, unknown>): unknown {
  if (name in known) return known[name];
  const m = main(s);
  if (m.const !== undefined) return m.const;
  if (m.enum) return m.enum[0];
  if (m.default !== undefined) return m.default;
  switch (kindOf(m)) {
    case 'string':
      if (m.format === 'email') return 'fuzz@example.org';
      if (m.format === 'date-time') return '2026-03-04T10:00:00+01:00';
      if (m.format === 'uri') return 'https://example.org';
      if (m.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-03-04';
      return 'Fuzz value'.padEnd(m.minLength ?? 0, 'x');
    case 'number':
      return m.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return m.minItems ? [example(m.items ?? {}, name, known)] : [];
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const r of m.required ?? []) o[r] = example(m.properties?.[r] ?? {}, r, known);
      return o;
    }
    default:
      return undefined;
  }
}

/** Schema of the property at a dotted path. */
function schemaAt(s: Schema, path: string[]): Schema | undefined {
  let cur: Schema | undefined = s;
  for (const seg of path) {
    if (!cur) return undefined;
    const m: Schema = main(cur);
    cur = /^\d+$/.test(seg) ? m.items : m.properties?.[seg];
  }
  return cur;
}

/** A copy of `base` with `value` at a dotted path; missing parents are filled with valid examples. */
export function withValue(base: unknown, schema: Schema, path: string, value: unknown, known: Record<string, unknown>): unknown {
  const segs = path.split('.');
  const root = structuredClone(base) as Record<string, unknown>;
  let cur: Record<string, unknown> | unknown[] = root;
  for (const [i, seg] of segs.entries()) {
    const key: string | number = /^\d+$/.test(seg) ? Number(seg) : seg;
    const container = cur as Record<string | number, unknown>;
    if (i === segs.length - 1) {
      container[key] = value;
      break;
    }
    const childSchema = schemaAt(schema, segs.slice(0, i + 1)) ?? {};
    let next = container[key];
    if (next === null || typeof next !== 'object') {
      next = example(childSchema, seg, known);
      if (Array.isArray(next) && next.length === 0) next = [example(main(childSchema).items ?? {}, segs[i + 1]!, known)];
      container[key] = next;
    } else if (Array.isArray(next) && next.length === 0) {
      next.push(example(main(childSchema).items ?? {}, segs[i + 1]!, known));
    }
    cur = next as Record<string, unknown> | unknown[];
  }
  return root;
}

export const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What an answer must look like; returns the problems found (empty when fine). */
export function problemsOf(res: LightMyRequestResponse, expect: { field?: string; statuses?: number[]; notSuccess?: boolean }): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  if (status >= 500) problems.push(`status ${status} (a server error for bad input)`);
  if (status < 500 && expect.statuses && !expect.statuses.includes(status)) problems.push(`status ${status}, expected ${expect.statuses.join(' or ')}`);
  if (expect.notSuccess && status < 400) problems.push(`status ${status}: a made-up id was accepted`);
  if (status >= 400 && status < 500) {
    let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
    try {
      body = res.json();
    } catch {
      problems.push(`4xx body is not JSON (content-type ${String(res.headers['content-type'])})`);
    }
    const e = body?.error;
    if (body && (typeof e !== 'object' || e === null)) problems.push('4xx body has no {error: {...}} object');
    else if (e) {
      if (typeof e.code !== 'string' || !KEBAB.test(e.code)) problems.push(`error.code ${JSON.stringify(e.code)} is not kebab-case`);
      if (typeof e.message !== 'string' || e.message.trim() === '') problems.push('error.message is missing or empty');
      const extra = Object.keys(body!).filter((k) => k !== 'error');
      if (extra.length) problems.push(`4xx body has keys besides "error": ${extra.join(', ')}`);
      // A 400 from schema validation names the field it is about.
      const fromSchema =
        Array.isArray(e.details) &&
        e.details.length > 0 &&
        e.details.every((d: { path?: unknown }) => typeof d.path === 'string' && /^(body|querystring|params)(\.|$)/.test(d.path));
      if (status === 400 && e.code === 'invalid-input' && expect.field && fromSchema) {
        const said = `${String(e.message)} ${JSON.stringify(e.details ?? '')}`;
        if (!said.includes(expect.field)) problems.push(`the 400 does not name the field "${expect.field}"`);
      }
    }
    if (status === 429 && !res.headers['retry-after']) problems.push('429 without retry-after');
  }
  return problems;
}

/** Failures grouped by route and problem, so one bug hit a hundred times reads as one line with examples. */
export class Failures {
  private groups = new Map<string, { count: number; examples: string[] }>();
  total = 0;
  add(group: string, problem: string, example: string) {
    const key = `${group} — ${problem}`;
    const g = this.groups.get(key) ?? { count: 0, examples: [] };
    g.count++;
    if (g.examples.length < 3) g.examples.push(example);
    this.groups.set(key, g);
    this.total++;
  }
  get size() {
    return this.groups.size;
  }
  report(): string {
    const lines = [`${this.total} failing answers in ${this.groups.size} groups:`];
    for (const [key, g] of this.groups) {
      lines.push(`\n● ${key} (${g.count}×)`);
      for (const e of g.examples) lines.push(`    ${e}`);
    }
    return lines.join('\n');
  }
}

/** A short, printable form of a value for failure messages. */
export function preview(v: unknown, max = 160): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (Buffer.isBuffer(v)) s = v.toString('latin1');
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are escaped for the report
  s = s.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

let ipCounter = 0;
/** A fresh client address per request, so per-address rate limits do not hide deeper paths. */
export function nextAddress(): string {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** A multipart/form-data body built by hand. */
export { multipart } from '../helpers/multipart.ts';
