import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { multipart, nextAddress, problemsOf } from './fuzz.ts';

// Document uploads, by staff (POST /api/v1/cases/{id}/documents) and by the
// complainant behind the secret link (POST /api/v1/public/status/{token}/documents):
// content is checked on its bytes, sizes are limited, and who sees what follows
// the shared flag.

let t: TestApp;
let officer: { id: string; cookie: string };
let employee: { id: string; cookie: string };
let caseId: string;
let token: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const TEXT = Buffer.from('Verslag van het telefoongesprek met mevrouw De Vries.\nZij is ontevreden.\n');
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), Buffer.alloc(200, 0xff)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(200, 0)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface FileSpec {
  content: Buffer;
  filename: string;
  contentType?: string;
  shared?: 'true' | 'false';
}

function staffUpload(f: FileSpec, id = caseId, cookie = officer.cookie) {
  const form = multipart([
    ...(f.shared ? [{ name: 'shared', value: f.shared }] : []),
    { name: 'file', value: f.content, filename: f.filename, contentType: f.contentType ?? 'application/octet-stream' },
  ]);
  return t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/documents`, headers: { cookie, ...form.headers }, payload: form.payload });
}

function publicUpload(f: FileSpec, tok = token) {
  const form = multipart([{ name: 'file', value: f.content, filename: f.filename, contentType: f.contentType ?? 'application/octet-stream' }]);
  return t.app.inject({ method: 'POST', url: `/api/v1/public/status/${tok}/documents`, headers: form.headers, payload: form.payload, remoteAddress: nextAddress() });
}

async function documentCount(id = caseId) {
  const row = await t.database.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('case_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function expectErrorShape(res: Awaited<ReturnType<typeof staffUpload>>) {
  expect(problemsOf(res, {}), res.body).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp();
  const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
  officer = people['complaints-officer']!;
  employee = people.employee!;
  const c = await post(t, '/api/v1/cases', officer.cookie, {
    organisationId: org.id,
    kind: 'complaint',
    channel: 'post',
    receivedAt: '2026-03-04',
    complainant: { name: 'Anna de Vries', role: 'client', email: 'anna@example.org', address: 'Hof 1, 3811 CD Amersfoort' },
    respondents: [{ userId: employee.id }],
    description: 'Mijn begeleider kwam drie keer niet opdagen.',
  });
  expect(c.statusCode, c.body).toBe(201);
  caseId = c.json().id;
  token = String(c.json().statusUrl).split('/').pop()!;
});

afterAll(async () => {
  await t?.close();
});

describe('staff uploads', () => {
  it.each([
    ['PDF', PDF, 'brief.pdf', 'application/pdf'],
    ['PNG', PNG, 'foto.png', 'image/png'],
    ['text', TEXT, 'verslag.txt', 'text/plain; charset=utf-8'],
  ] as const)('stores a valid %s with its SHA-256 and gives the same bytes back', async (_label, content, filename, mime) => {
    const res = await staffUpload({ content, filename, contentType: mime.split(';')[0]!, shared: 'true' });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({ name: filename, mime, size: content.length, sha256: sha256(content), kind: 'upload', shared: true });
    const row = await t.database.db.selectFrom('documents').select(['sha256', 'size', 'content']).where('id', '=', doc.id).executeTakeFirstOrThrow();
    expect(row.sha256).toBe(sha256(content));
    expect(sha256(Buffer.from(row.content!))).toBe(sha256(content));
    const back = await get(t, `/api/v1/cases/${caseId}/documents/${doc.id}/content`, officer.cookie);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe(mime);
    expect(sha256(back.rawPayload)).toBe(sha256(content));
    const list = (await get(t, `/api/v1/cases/${caseId}/documents`, officer.cookie)).json().items;
    expect(list.find((d: { id: string }) => d.id === doc.id)?.sha256).toBe(sha256(content));
  });

  it.each([
    ['a Windows executable', EXE, 'setup.exe', 'application/x-msdownload'],
    ['a Linux executable', ELF, 'run', 'application/octet-stream'],
    ['an executable named .pdf', EXE, 'factuur.pdf', 'application/pdf'],
    ['binary junk named .pdf', Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10]), 'verslag.pdf', 'application/pdf'],
    ['an executable named .png', ELF, 'foto.png', 'image/png'],
  ] as const)('refuses %s with 415 and stores nothing', async (_label, content, filename, contentType) => {
    const before = await documentCount();
    const res = await staffUpload({ content, filename, contentType, shared: 'true' });
    expect(res.statusCode, res.body).toBe(415);
    expectErrorShape(res);
    expect(await documentCount()).toBe(before);
  });

  it('refuses a file whose name says .pdf but whose content is plain text (415)', async () => {
    const before = await documentCount();
    const res = await staffUpload({ content: Buffer.from('<html><script>alert(1)</script></html>'), filename: 'besluit.pdf', contentType: 'application/pdf', shared: 'true' });
    expect(res.statusCode, `name .pdf, content text → ${res.statusCode} ${res.body}`).toBe(415);
    expect(await documentCount()).toBe(before);
  });

  it('refuses a file over 10 MB with 413 and stores nothing', async () => {
    const before = await documentCount();
    const res = await staffUpload({ content: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), filename: 'groot.txt', contentType: 'text/plain', shared: 'true' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    expectErrorShape(res);
    expect(await documentCount()).toBe(before);
  });

  it('refuses an empty file with 400 naming the file', async () => {
    const before = await documentCount();
    const res = await staffUpload({ content: Buffer.alloc(0), filename: 'leeg.txt', contentType: 'text/plain', shared: 'true' });
    expect(res.statusCode, res.body).toBe(400);
    expectErrorShape(res);
    expect(res.json().error.message).toContain('file');
    expect(await documentCount()).toBe(before);
  });

  it('refuses a request without a file, or not multipart, without a 500', async () => {
    const noFile = multipart([{ name: 'shared', value: 'true' }]);
    const a = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/documents`, headers: { cookie: officer.cookie, ...noFile.headers }, payload: noFile.payload });
    expect(a.statusCode, a.body).toBe(400);
    expectErrorShape(a);
    const b = await post(t, `/api/v1/cases/${caseId}/documents`, officer.cookie, { file: 'not multipart' });
    expect(b.statusCode, b.body).toBe(415);
    expectErrorShape(b);
  });

  it('keeps a hostile file name harmless in the download header', async () => {
    const res = await staffUpload({ content: TEXT, filename: '../../etc/passwd"; x=<script>.txt', contentType: 'text/plain', shared: 'false' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).not.toContain('/');
    const back = await get(t, `/api/v1/cases/${caseId}/documents/${res.json().id}/content`, officer.cookie);
    expect(back.statusCode).toBe(200);
    expect(String(back.headers['content-disposition'])).toMatch(/^inline; filename="[\w.-]+"$/);
    expect(back.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets a respondent see only the shared documents, and cannot add any', async () => {
    const shared = (await staffUpload({ content: Buffer.from('Gedeeld verslag.\n'), filename: 'gedeeld.txt', shared: 'true' })).json();
    const internal = (await staffUpload({ content: Buffer.from('Interne aantekening.\n'), filename: 'intern.txt', shared: 'false' })).json();
    const noFlag = (await staffUpload({ content: Buffer.from('Zonder vlag.\n'), filename: 'zonder.txt' })).json();
    expect(internal.shared).toBe(false);
    expect(noFlag.shared).toBe(false); // internal unless said otherwise

    const all = (await get(t, `/api/v1/cases/${caseId}/documents`, officer.cookie)).json().items as { id: string; shared: boolean }[];
    const seen = (await get(t, `/api/v1/cases/${caseId}/documents`, employee.cookie)).json().items as { id: string; shared: boolean }[];
    expect(seen.map((d) => d.id)).toContain(shared.id);
    expect(seen.every((d) => d.shared)).toBe(true);
    expect(seen.map((d) => d.id)).toEqual(all.filter((d) => d.shared).map((d) => d.id));
    expect((await get(t, `/api/v1/cases/${caseId}/documents/${internal.id}/content`, employee.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/cases/${caseId}/documents/${noFlag.id}/content`, employee.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/cases/${caseId}/documents/${shared.id}/content`, employee.cookie)).statusCode).toBe(200);

    // Unsharing takes it away again.
    const unshare = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseId}/documents/${shared.id}`, headers: { cookie: officer.cookie }, payload: { shared: false } });
    expect(unshare.statusCode, unshare.body).toBe(200);
    expect((await get(t, `/api/v1/cases/${caseId}/documents/${shared.id}/content`, employee.cookie)).statusCode).toBe(404);

    // The respondent cannot add documents to the case against them.
    const res = await staffUpload({ content: TEXT, filename: 'mijn-kant.txt', shared: 'true' }, caseId, employee.cookie);
    expect(res.statusCode, res.body).toBe(403);
  });
});

describe('the complainant uploads behind the secret link', () => {
  it('stores a valid PDF, PNG and text with their SHA-256, shared with the parties', async () => {
    for (const [content, filename] of [
      [PDF, 'bewijs.pdf'],
      [PNG, 'foto.png'],
      [TEXT, 'toelichting.txt'],
    ] as const) {
      const res = await publicUpload({ content, filename });
      expect(res.statusCode, res.body).toBe(201);
      const row = await t.database.db.selectFrom('documents').select(['sha256', 'size', 'shared', 'case_id', 'kind']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ sha256: sha256(content), size: content.length, shared: 1, case_id: caseId, kind: 'upload' });
    }
  });

  it('refuses an executable and a fake PDF with 415, a file over 10 MB with 413, and stores nothing', async () => {
    const before = await documentCount();
    for (const [content, filename] of [
      [EXE, 'setup.exe'],
      [EXE, 'factuur.pdf'],
      [ELF, 'brief.pdf'],
    ] as const) {
      const res = await publicUpload({ content, filename });
      expect(res.statusCode, `${filename} → ${res.body}`).toBe(415);
      expectErrorShape(res);
    }
    const big = await publicUpload({ content: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), filename: 'groot.txt' });
    expect(big.statusCode, big.body.slice(0, 300)).toBe(413);
    expectErrorShape(big);
    expect(await documentCount()).toBe(before);
  });

  it('refuses an empty file with 400', async () => {
    const before = await documentCount();
    const res = await publicUpload({ content: Buffer.alloc(0), filename: 'leeg.txt' });
    expect(res.statusCode, `empty file on the public route → ${res.statusCode} ${res.body}`).toBe(400);
    expectErrorShape(res);
    expect(await documentCount()).toBe(before);
  });

  it('refuses uploads with a wrong token as a plain 404', async () => {
    const res = await publicUpload({ content: TEXT, filename: 'x.txt' }, 'A'.repeat(43));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).not.toMatch(/token|hash|exist/i);
  });

  it("lists on the status page only shared documents and the complainant's own letters", async () => {
    const ev = (payload: Record<string, unknown>) => post(t, `/api/v1/cases/${caseId}/events`, officer.cookie, payload);
    // Letters to both parties: the hearing invitation goes to the complainant and to the respondent.
    expect((await ev({ type: 'acknowledged', on: '2026-03-06' })).statusCode).toBe(201);
    expect((await ev({ type: 'admissibility-decided', admissible: true, on: '2026-03-09' })).statusCode).toBe(201);
    const hearing = await ev({ type: 'hearing-scheduled', at: '2026-03-20T10:00:00+01:00', on: '2026-03-10' });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const internal = (await staffUpload({ content: Buffer.from('Alleen intern.\n'), filename: 'intern-2.txt', shared: 'false' })).json();
    const shared = (await staffUpload({ content: Buffer.from('Voor beide partijen.\n'), filename: 'gedeeld-2.txt', shared: 'true' })).json();

    const letters = (await get(t, `/api/v1/cases/${caseId}/letters`, officer.cookie)).json().items as { id: string; recipient: string; documentId: string }[];
    expect(letters.some((l) => l.recipient === 'respondent')).toBe(true);
    const documents = (await get(t, `/api/v1/cases/${caseId}/documents`, officer.cookie)).json().items as { id: string; shared: boolean; kind: string }[];

    const status = await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}`, remoteAddress: nextAddress() });
    expect(status.statusCode, status.body).toBe(200);
    const page = status.json() as { letters: { id: string; documentId: string }[]; documents: { id: string }[] };
    expect(page.letters.map((l) => l.id).sort()).toEqual(
      letters
        .filter((l) => l.recipient === 'complainant')
        .map((l) => l.id)
        .sort(),
    );
    expect(page.documents.map((d) => d.id).sort()).toEqual(
      documents
        .filter((d) => d.shared && d.kind === 'upload')
        .map((d) => d.id)
        .sort(),
    );
    expect(page.documents.map((d) => d.id)).toContain(shared.id);
    expect(page.documents.map((d) => d.id)).not.toContain(internal.id);
    expect(JSON.stringify(page)).not.toContain('intern-2.txt');

    // Downloads behind the link follow the same rule.
    const open = (id: string) => t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}/documents/${id}`, remoteAddress: nextAddress() });
    expect((await open(shared.id)).statusCode).toBe(200);
    expect((await open(internal.id)).statusCode).toBe(404);
    const own = letters.find((l) => l.recipient === 'complainant')!;
    const theirs = letters.find((l) => l.recipient === 'respondent')!;
    const ownPdf = await open(own.documentId);
    expect(ownPdf.statusCode).toBe(200);
    expect(ownPdf.headers['content-type']).toBe('application/pdf');
    expect((await open(theirs.documentId)).statusCode).toBe(404);
  });

  it('does not show the respondent the letters written to the complainant among the shared documents', async () => {
    const letters = (await get(t, `/api/v1/cases/${caseId}/letters`, officer.cookie)).json().items as { recipient: string; documentId: string }[];
    const toComplainant = letters.filter((l) => l.recipient === 'complainant').map((l) => l.documentId);
    expect(toComplainant.length).toBeGreaterThan(0);
    // The letters route hides them from the respondent; the documents route must agree.
    const seenLetters = (await get(t, `/api/v1/cases/${caseId}/letters`, employee.cookie)).json().items as { recipient: string }[];
    expect(seenLetters.every((l) => l.recipient === 'respondent')).toBe(true);
    const seen = (await get(t, `/api/v1/cases/${caseId}/documents`, employee.cookie)).json().items as { id: string; name: string }[];
    const leaked = seen.filter((d) => toComplainant.includes(d.id));
    expect(
      leaked.map((d) => d.name),
      'letters to the complainant (with their address) are listed for the respondent',
    ).toEqual([]);
    for (const id of toComplainant) {
      const res = await get(t, `/api/v1/cases/${caseId}/documents/${id}/content`, employee.cookie);
      expect(res.statusCode, `respondent downloads the complainant's letter ${id}`).toBe(404);
    }
  });
});
