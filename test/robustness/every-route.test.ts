import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN, createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import {
  Failures,
  INJECTIONS,
  PATH_VALUES,
  example,
  kindOf,
  main,
  multipart,
  nextAddress,
  operationsOf,
  preview,
  problemsOf,
  propertyPaths,
  stringPaths,
  withValue,
  wrongTypeFor,
  type Operation,
} from './fuzz.ts';

// Every operation of the OpenAPI document gets hostile input (malformed JSON,
// wrong shapes and types, unknown properties, a 5 MB field, injection strings
// in every string field, query parameter and path parameter), as a platform
// admin, as a complaints officer and without login. No answer may be a 5xx;
// every 4xx has the error shape of API.md; a 400 from schema validation names
// the field. All failures are collected and reported together.
//
// Sampling (two slow cores, about a minute): the principal that matters for a
// route gets the full set (staff routes: admin and officer; public routes:
// no login), the others a lighter set; per string field three injection
// strings (rotated so every string is used on every route), plus every
// injection string in all string fields at once.

type Principal = 'admin' | 'officer' | 'anonymous';
const PRINCIPALS: Principal[] = ['admin', 'officer', 'anonymous'];

let t: TestApp;
let ops: Operation[];
const fx = {} as {
  org: { id: string; slug: string };
  municipality: { id: string };
  officer: { id: string; email: string; password: string; cookie: string };
  employee: { id: string };
  caseId: string;
  reference: string;
  statusToken: string;
  documentId: string;
  measureId: string;
  tokenId: string;
  teamId: string;
  regulation: Record<string, unknown>;
};
const failures = new Failures();
let requests = 0;
/** Answers per status, per route and principal: ROBUSTNESS_STATS=1 prints them, to see how deep the input got. */
const stats: Record<string, Record<number, number>> = {};

/** Real values for properties by name, so a base body passes the checks behind validation. */
let known: Record<string, unknown>;

beforeAll(async () => {
  t = await createTestApp();
  const municipality = await setUpOrganisation(t, 'stichtse-vecht', []);
  const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee'], { parentId: municipality.org.id });
  const officer = people['complaints-officer']!;
  const employee = people.employee!;
  const created = await post(t, '/api/v1/cases', officer.cookie, {
    organisationId: org.id,
    kind: 'complaint',
    channel: 'post',
    receivedAt: '2026-03-04',
    complainant: { name: 'Anna de Vries', role: 'client', email: 'anna@example.org' },
    respondents: [{ userId: employee.id }],
    description: 'De begeleider kwam niet opdagen.',
  });
  expect(created.statusCode, created.body).toBe(201);
  const c = created.json();
  const upload = multipart([
    { name: 'shared', value: 'true' },
    { name: 'file', value: 'Verslag van het gesprek.\n', filename: 'verslag.txt', contentType: 'text/plain' },
  ]);
  const doc = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: { cookie: officer.cookie, ...upload.headers }, payload: upload.payload });
  expect(doc.statusCode, doc.body).toBe(201);
  const measure = await post(t, '/api/v1/measures', officer.cookie, { organisationId: org.id, title: 'Afwezigheid melden', ownerUserId: officer.id, dueOn: '2026-12-01' });
  expect(measure.statusCode, measure.body).toBe(201);
  const token = await post(t, '/api/v1/auth/tokens', t.adminCookie, { name: 'fuzz token' });
  expect(token.statusCode, token.body).toBe(201);
  const team = await post(t, `/api/v1/organisations/${org.id}/teams`, t.adminCookie, { name: 'Begeleiding' });
  expect(team.statusCode, team.body).toBe(201);
  const reg = await t.app.inject({ method: 'GET', url: '/api/v1/regulations/stadsring51' });
  expect(reg.statusCode).toBe(200);

  Object.assign(fx, {
    org,
    municipality: municipality.org,
    officer,
    employee,
    caseId: c.id,
    reference: c.reference,
    statusToken: String(c.statusUrl).split('/').pop()!,
    documentId: doc.json().id,
    measureId: measure.json().id,
    tokenId: token.json().id,
    teamId: team.json().id,
    regulation: { ...reg.json(), id: 'fuzz-regulation', name: 'Fuzz regulation' },
  });
  known = {
    organisationId: org.id,
    organisation: org.slug,
    userId: employee.id,
    ownerUserId: officer.id,
    handlerUserId: officer.id,
    caseId: c.id,
    teamId: team.json().id,
    regulationId: 'stadsring51',
    parentId: municipality.org.id,
    basedOn: 'stadsring51',
    email: 'fuzz@example.org',
    password: 'a-long-password-1',
    newPassword: 'a-new-long-password-1',
    currentPassword: 'not-the-password-1',
    reference: c.reference,
    receivedAt: '2026-03-04',
    consentOn: '2026-03-05',
    incidentDates: ['2026-02-10'],
    description: 'Een beschrijving van wat er gebeurde.',
    text: 'Aanvullende informatie.',
    title: 'Een verbetermaatregel',
    dueOn: '2026-12-01',
    year: 2026,
    half: 1,
    shared: true,
  };

  const doc2 = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(doc2.statusCode).toBe(200);
  ops = operationsOf(doc2.json());
  expect(ops.length).toBeGreaterThan(40);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** Routes where no login is the caller that matters. */
const isPublic = (op: Operation) =>
  op.path.startsWith('/api/v1/public/') || op.path === '/api/v1/auth/login' || (op.method === 'GET' && op.path.startsWith('/api/v1/regulations')) || op.path === '/healthz';
const depthOf = (op: Operation, p: Principal): 'full' | 'light' => ((p === 'anonymous') === isPublic(op) ? 'full' : 'light');
/** Run last: they end what later requests need (the case withdrawn, the token revoked). */
const DESTRUCTIVE = ['POST /api/v1/public/status/{token}/withdraw', 'DELETE /api/v1/auth/tokens/{id}'];
const SACRIFICIAL = ['POST /api/v1/auth/logout', 'POST /api/v1/auth/password'];

function realParam(op: Operation, name: string): string | undefined {
  const p = op.path;
  if (name === 'documentId') return fx.documentId;
  if (name === 'token') return fx.statusToken;
  if (name === 'slug') return fx.org.slug;
  if (name !== 'id') return undefined;
  if (p.startsWith('/api/v1/organisations/')) return fx.org.id;
  if (p.startsWith('/api/v1/users/')) return fx.employee.id;
  if (p.startsWith('/api/v1/regulations/')) return 'stadsring51';
  if (p.startsWith('/api/v1/cases/')) return fx.caseId;
  if (p.startsWith('/api/v1/measures/')) return fx.measureId;
  if (p.startsWith('/api/v1/auth/tokens/')) return fx.tokenId;
  return undefined;
}

/** Valid bodies for routes whose checks behind validation need more than an example from the schema. */
function baseBody(op: Operation): unknown {
  switch (op.key) {
    case 'POST /api/v1/auth/login':
      return { email: 'nobody@example.org', password: 'wrong-password-1' };
    case 'POST /api/v1/users/':
      return { email: 'fuzz-user@example.org', name: 'Fuzz User', password: 'a-long-password-1', memberships: [{ organisationId: fx.org.id, role: 'employee' }] };
    case 'PATCH /api/v1/users/{id}':
      return { name: 'Fuzz Renamed' };
    case 'PATCH /api/v1/organisations/{id}':
      return { name: 'Fuzz Organisation' };
    case 'POST /api/v1/regulations/':
      return { organisationId: fx.org.id, regulation: fx.regulation, basedOn: 'stadsring51' };
    case 'POST /api/v1/cases/':
      return {
        organisationId: fx.org.id,
        kind: 'complaint',
        channel: 'post',
        receivedAt: '2026-03-04',
        complainant: { name: 'Fuzz Klager', role: 'client', email: 'klager@example.org' },
        respondents: [{ userId: fx.employee.id }],
        description: 'Een beschrijving.',
        incidentDates: ['2026-02-10'],
      };
    case 'PATCH /api/v1/cases/{id}':
      return { categories: ['other'] };
    case 'POST /api/v1/cases/{id}/events':
      return { type: 'acknowledged' };
    case 'POST /api/v1/public/cases':
      return { organisation: fx.org.slug, kind: 'complaint', description: 'Een beschrijving.', complainant: { name: 'Fuzz Klager', role: 'client', email: 'klager@example.org' } };
    case 'POST /api/v1/public/status-link':
      // Never the real pair: that would replace the status link the other requests use.
      return { email: 'someone-else@example.org', reference: fx.reference };
    default:
      return op.body ? example(op.body, '', known) : undefined;
  }
}

function baseQuery(op: Operation): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of op.params) if (p.in === 'query' && p.required) q[p.name] = String(known[p.name] ?? example(p.schema ?? {}, p.name, known));
  return q;
}

function urlFor(op: Operation, params: Record<string, string>, query: Record<string, string | string[]> = {}): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? realParam(op, n) ?? PATH_VALUES[0]![1]));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) qs.append(k, one);
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const sacrificial = new Map<Principal, string>();
async function cookieFor(op: Operation, p: Principal): Promise<string | undefined> {
  if (p === 'anonymous') return undefined;
  if (!SACRIFICIAL.includes(op.key)) return p === 'admin' ? t.adminCookie : fx.officer.cookie;
  // Logout and password changes end sessions: they get a session of their own.
  let c = sacrificial.get(p);
  if (!c) {
    c = p === 'admin' ? await t.login(ADMIN.email, ADMIN.password) : await t.login(fx.officer.email, fx.officer.password);
    sacrificial.set(p, c);
  }
  return c;
}

interface Attempt {
  label: string;
  url: string;
  /** A raw string is sent as is with the content type; anything else as JSON. */
  payload?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  field?: string;
  statuses?: number[];
  notSuccess?: boolean;
  group?: string;
}

async function attempt(op: Operation, p: Principal, a: Attempt): Promise<LightMyRequestResponse> {
  const cookie = await cookieFor(op, p);
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  let payload: string | Buffer | undefined;
  if (a.raw !== undefined) {
    payload = a.raw;
    headers['content-type'] = a.contentType ?? 'application/json';
  } else if (a.payload !== undefined) {
    payload = JSON.stringify(a.payload);
    headers['content-type'] = 'application/json';
  }
  requests++;
  const res = await t.app.inject({ method: op.method as 'GET', url: a.url, headers, ...(payload !== undefined && { payload }), remoteAddress: nextAddress() });
  if (SACRIFICIAL.includes(op.key) && res.statusCode < 300) sacrificial.delete(p);
  const histogram = (stats[`${op.key} [${p}]`] ??= {});
  histogram[res.statusCode] = (histogram[res.statusCode] ?? 0) + 1;
  for (const problem of problemsOf(res, a)) {
    failures.add(
      a.group ?? op.key,
      problem,
      `[${p}] ${a.label}: ${op.method} ${preview(a.url, 200)} body=${preview(a.raw ?? a.payload ?? '', 200)} → ${res.statusCode} ${preview(res.body, 300)}`,
    );
  }
  return res;
}

/** Every variant of one operation for one principal. */
async function fuzzOperation(op: Operation, p: Principal) {
  const depth = depthOf(op, p);
  const full = depth === 'full';
  const hasBody = op.method !== 'GET';
  const body = baseBody(op);
  const query = baseQuery(op);
  const url = urlFor(op, {}, query);
  const pathParams = op.params.filter((x) => x.in === 'path');

  // The valid request with real ids, as the reference point of the variants.
  await attempt(op, p, { label: 'baseline', url, payload: body });

  // Path parameters: made-up ids and injection strings never succeed.
  const pathValues = full ? PATH_VALUES : PATH_VALUES.filter(([l]) => ['unknown-id', 'sql', 'nul'].includes(l));
  for (const param of pathParams) {
    for (const [label, value] of pathValues) {
      await attempt(op, p, { label: `path ${param.name}=${label}`, url: urlFor(op, { [param.name]: value }, query), payload: body, notSuccess: true });
    }
  }

  // Body structure.
  if (hasBody) {
    const structural: [string, string, string?][] = [
      ['malformed JSON', '{"a":'],
      ['JSON array', '[{"a":1}]'],
      ['JSON null', 'null'],
      ['JSON number', '42'],
      ['empty body', ''],
      ['prototype pollution', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
      ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['text/plain', 'hello', 'text/plain'],
      ['form-urlencoded', 'a=1&b=2', 'application/x-www-form-urlencoded'],
    ];
    for (const [label, raw, ct] of full ? structural : structural.slice(0, 3)) {
      const res = await attempt(op, p, { label, url, raw, ...(ct && { contentType: ct }), ...(op.body && { statuses: [400, 415] }) });
      if (label === 'prototype pollution' && ({} as Record<string, unknown>).polluted) failures.add(op.key, 'Object.prototype was polluted', `→ ${res.statusCode}`);
    }
    if (op.body && (full || p === 'anonymous')) {
      const leaves = stringPaths(op.body);
      const big = 'x'.repeat(5 * 1024 * 1024);
      const target = leaves[0]?.path ?? 'padding';
      await attempt(op, p, { label: `5 MB string in ${target}`, url, payload: withValue(body, op.body, target, big, known), statuses: [400, 413] });
    }
  }

  if (op.body) {
    // Wrong types for every declared property, at every depth.
    for (const { path, schema } of propertyPaths(op.body)) {
      const wrong = wrongTypeFor(schema);
      if (wrong === undefined) continue;
      await attempt(op, p, { label: `wrong type for ${path}`, url, payload: withValue(body, op.body, path, wrong, known), field: path, statuses: [400] });
    }
    // Unknown properties.
    const strict = main(op.body).additionalProperties === false;
    await attempt(op, p, { label: 'unknown property', url, payload: { ...(body as object), unexpectedField: 'x' }, ...(strict && { field: 'unexpectedField', statuses: [400] }) });

    // Injection strings: all string fields at once, then field by field.
    const leaves = stringPaths(op.body);
    const injections = full ? INJECTIONS : INJECTIONS.filter(([l]) => ['sql', 'nul', 'fts-near'].includes(l));
    for (const [label, value] of injections) {
      let all = body;
      for (const leaf of leaves) all = withValue(all, op.body, leaf.path, value, known);
      await attempt(op, p, { label: `${label} in every string field`, url, payload: all });
    }
    if (full) {
      for (const [i, leaf] of leaves.entries()) {
        for (let k = 0; k < 3; k++) {
          const [label, value] = INJECTIONS[(i * 3 + k) % INJECTIONS.length]!;
          await attempt(op, p, { label: `${label} in ${leaf.path}`, url, payload: withValue(body, op.body, leaf.path, value, known), field: leaf.path });
        }
      }
    }
  }

  // Uploads (multipart, no JSON body): hostile file names and form fields.
  if (!op.body && op.method === 'POST' && op.path.endsWith('/documents')) {
    const injections = full ? INJECTIONS : INJECTIONS.filter(([l]) => ['sql', 'nul'].includes(l));
    for (const [label, value] of injections) {
      const form = multipart([
        { name: 'shared', value },
        { name: 'file', value: 'Een regel tekst.\n', filename: value, contentType: 'text/plain' },
      ]);
      await attempt(op, p, { label: `${label} as file name and shared field`, url, raw: form.payload, contentType: form.headers['content-type'] });
    }
    const noFile = multipart([{ name: 'shared', value: 'true' }]);
    await attempt(op, p, { label: 'multipart without a file', url, raw: noFile.payload, contentType: noFile.headers['content-type'], statuses: [400, 401, 403, 404, 409] });
    await attempt(op, p, { label: 'multipart without a boundary', url, raw: 'garbage', contentType: 'multipart/form-data', statuses: [400, 401, 403, 404, 406, 409, 415] });
    const cut = multipart([{ name: 'file', value: '%PDF-1.4 half a file', filename: 'a.pdf', contentType: 'application/pdf' }]);
    await attempt(op, p, { label: 'truncated multipart', url, raw: cut.payload.subarray(0, cut.payload.length - 20), contentType: cut.headers['content-type'] });
  }

  // Query parameters: wrong types and injection strings.
  const queryParams = op.params.filter((x) => x.in === 'query');
  for (const [i, param] of queryParams.entries()) {
    const s = main(param.schema ?? {});
    const wrongs: [string, string | string[]][] = [['repeated', ['a', 'b']]];
    if (kindOf(s) === 'number') wrongs.push(['not a number', 'abc'], ['fraction', '1.5'], ['huge', '1e400']);
    if (s.enum) wrongs.push(['not in enum', 'no-such-value']);
    if (kindOf(s) === 'string' && !s.enum && s.maxLength) wrongs.push(['too long', 'x'.repeat(s.maxLength + 1)]);
    for (const [label, value] of full ? wrongs : wrongs.slice(0, 1)) {
      await attempt(op, p, { label: `query ${param.name} ${label}`, url: urlFor(op, {}, { ...query, [param.name]: value }), field: param.name, statuses: [400] });
    }
    const picks = full ? [0, 1, 2, 3].map((k) => INJECTIONS[(i * 4 + k) % INJECTIONS.length]!) : [INJECTIONS[0]!];
    for (const [label, value] of picks) {
      await attempt(op, p, { label: `query ${param.name}=${label}`, url: urlFor(op, {}, { ...query, [param.name]: value }), field: param.name });
    }
  }
  if (queryParams.length && full) {
    for (const [label, value] of INJECTIONS) {
      const all: Record<string, string> = { ...query };
      for (const param of queryParams) if (kindOf(param.schema ?? {}) === 'string' && !main(param.schema ?? {}).enum) all[param.name] = value;
      await attempt(op, p, { label: `${label} in every free-text query parameter`, url: urlFor(op, {}, all) });
    }
  }
}

describe('every route of the OpenAPI document survives hostile input', () => {
  it('answers below 500 with the error shape for every variant, as admin, officer and without login', async () => {
    const started = Date.now();
    const ordered = [...ops].sort((a, b) => Number(DESTRUCTIVE.includes(a.key)) - Number(DESTRUCTIVE.includes(b.key)));
    for (const op of ordered) {
      for (const p of PRINCIPALS) await fuzzOperation(op, p);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(`robustness: ${ops.length} operations, ${requests} requests in ${seconds} s`);
    if (process.env.ROBUSTNESS_STATS) for (const [k, h] of Object.entries(stats)) console.info(k, JSON.stringify(h));
    expect(failures.size, failures.report()).toBe(0);
  }, 180_000);

  it('answers requests the router itself refuses in the error shape', async () => {
    const routerFailures = new Failures();
    const withParams = ops.filter((op) => op.params.some((x) => x.in === 'path'));
    for (const op of withParams) {
      const bad: [string, string][] = [
        ['bad percent-encoding', op.path.replace(/\{(\w+)\}/g, '%E0%A4%A')],
        ['path parameter over 100 characters', op.path.replace(/\{(\w+)\}/g, 'x'.repeat(150))],
      ];
      for (const [label, url] of bad) {
        const res = await t.app.inject({ method: op.method as 'GET', url, headers: { cookie: t.adminCookie }, remoteAddress: nextAddress() });
        for (const problem of problemsOf(res, {})) routerFailures.add(label, problem, `${op.method} ${preview(url, 120)} → ${res.statusCode} ${preview(res.body, 200)}`);
      }
    }
    for (const [label, method, url] of [
      ['unknown route', 'GET', '/api/v1/nothing-here'],
      ['unknown method', 'PUT', '/api/v1/cases'],
      ['traversal outside the API', 'GET', '/api/v1/../../etc/passwd'],
    ] as const) {
      const res = await t.app.inject({ method, url, remoteAddress: nextAddress() });
      for (const problem of problemsOf(res, {})) routerFailures.add(label, problem, `${method} ${url} → ${res.statusCode} ${preview(res.body, 200)}`);
    }
    expect(routerFailures.size, routerFailures.report()).toBe(0);
  });

  it('still answers /healthz, and the fixtures still work, afterwards', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode, health.body).toBe(200);
    expect(health.json().status).toBe('ok');
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/cases?organisationId=${fx.org.id}&q=${fx.reference}`, headers: { cookie: fx.officer.cookie } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(fx.caseId);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${fx.caseId}`, headers: { cookie: fx.officer.cookie } });
    expect(one.statusCode, one.body).toBe(200);
    // The injected SQL dropped nothing.
    const count = await t.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(1);
  });
});
