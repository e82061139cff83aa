import fc from 'fast-check';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';
import { zip } from '../lib/spreadsheet/test-xlsx.js';
import { declarations } from './authorization.declarations.js';
import { buildWorld, documentedOperations, type SecurityWorld } from './fixture.js';
import { actors, type Fresh, type Req } from './matrix.js';

/**
 * Generated bad input to every endpoint, as a nationwide administrator and as a commune officer:
 * wrong types, missing fields, huge strings, deep nesting, impossible dates, out-of-range numbers,
 * arrays for objects, prototype-pollution keys, malformed JSON and wrong media types in bodies;
 * bad values in query strings and path ids; random bytes, truncated and lying zips and oddly
 * encoded CSVs to the uploads. Whatever arrives: never a 5xx, an error is
 * `{ error: { code, message } }`, and a refused request writes nothing.
 *
 * "Nothing written" is a fingerprint of the database taken before and after each request: the
 * row count of every table, the newest change time of each table that keeps one (the test clock
 * moves between requests) and the newest audit row. Two writes are allowed and left out of it:
 * the session table (a session's last use) and the failed-login throttle with its
 * `auth.login_failed` audit rows (a wrong password is a fact worth keeping). A GET that answers
 * 2xx may write audit rows (searches and exports of personal data are audited), and an exported
 * census its record beside that row (census_reports), nothing else.
 */

interface Schema {
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  key: string;
  method: Req['method'];
  body: Schema | null;
  query: { name: string; schema: Schema; required: boolean }[];
  path: string[];
  upload: boolean;
}

const RUNS = 6;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploads = new Set(['POST /api/groups/import', 'POST /api/groups/import/errors', 'POST /api/units/villages/import']);
/** Operations that take no input at all: logging out ends the session, and has nothing to refuse. */
const noInput = new Set(['POST /api/auth/logout']);
/** Takes any JSON document (the official list or a reform) and reports in its job whether it was one. */
const anyJson = 'POST /api/units/imports';

const isDate = (s: Schema) => s.pattern?.includes('\\d{4}-\\d{2}') ?? false;
const isUuid = (s: Schema) => s.pattern?.includes('[0-9a-f]{8}') ?? false;
const isPhone = (s: Schema) => s.pattern?.includes('[0-9 .-]') ?? false;

/**
 * Fields that take an "as of" date, which may be any real day (src/shared/dates.ts): the search
 * filters sent in a body. Query strings hold only such dates; every other date in a body dates
 * an event, a birth or a unit's validity, each within its range.
 */
const asOfFields = new Set(['POST /api/people/search date', 'POST /api/people/export date']);

/** Values a property of this schema must refuse; `anyYear` for an "as of" date. */
function wrongValues(s: Schema, anyYear = false): unknown[] {
  const out: unknown[] = [];
  if (s.type === 'string') {
    out.push(12345, true, { a: 1 }, ['x']);
    if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1), 'ạ'.repeat(s.maxLength + 1));
    if ((s.minLength ?? 0) >= 1) out.push('', '   ');
    if (s.enum) out.push('khong-co-gia-tri-nay');
    if (isDate(s)) out.push('2023-13-01', '2023-00-10', '2023-02-30', '2023-1-1', '20230101', 'hôm qua', ...(anyYear ? [] : ['0001-01-01', '9999-12-31']));
    // A census or dashboard date: a month, or a day.
    if (s.pattern?.includes('(-\\d{2})?')) out.push('2023-13', '2023-00', '2023-1');
    if (isUuid(s)) out.push('not-a-uuid', "' or 1=1 --", '01890000-0000-7000-8000-00000000000g');
    if (isPhone(s)) out.push('2023-02-30', '----------', '1.2.3.4.5.6.7');
  } else if (s.type === 'integer' || s.type === 'number') {
    out.push('12', 'abc', true, [1], { n: 1 });
    if (s.type === 'integer') out.push(1.5);
    if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(s.maximum + 1, 1e300);
    if (s.minimum !== undefined) out.push(s.minimum - 1, -1e300);
  } else if (s.type === 'boolean') {
    out.push('true', 1, 0, 'có', []);
  } else if (s.type === 'array' || s.type === 'object') {
    out.push('x', 7);
  }
  return out;
}

/** Strings a text field must refuse, or store without their control and direction-override characters. */
const hostileText = ['Nguyễn\u202EnăV', 'Trần\u0000Bình', 'chuông\u0007\u001b[31m', '\u2066Lê\u2069 Văn', 'Tên\u202Agiả\u202C', 'a\u0008b\u007fc'];
const forbiddenChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Every string inside a JSON answer. */
function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

describe.each(engines)('bad input (%s)', (engine) => {
  let t: TestContext;
  let w: SecurityWorld;
  let ops: Operation[];
  let fingerprintSql: ReturnType<typeof sql.raw>;
  let fingerprintNoAudit: ReturnType<typeof sql.raw>;
  const callers: { key: 'nationalAdmin' | 'communeOfficer'; client: TestClient }[] = [];
  const failures: string[] = [];

  /** The base request of an operation, built from its declaration (objects it spends made beforehand). */
  async function base(op: Operation, caller: (typeof callers)[number]): Promise<Req> {
    const fresh: Fresh = { ...w.freshFor(caller.client, true), totpCode: async () => '123456', enableTotp: async () => undefined };
    return declarations[op.key]!.request({ fx: w.fx, side: 'in', actor: actors.find((a) => a.key === caller.key)!, fresh });
  }

  async function fingerprint(withAudit = true): Promise<string> {
    const rows = await (withAudit ? fingerprintSql : fingerprintNoAudit).execute(t.deps.db);
    return JSON.stringify(rows.rows[0], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  }

  /**
   * Sends a request and checks the answer: no 5xx; an error as `{ error: { code, message } }`;
   * nothing written when refused (or, when `mustRefuse`, a refusal at all); a 2xx to a hostile
   * text holds none of its control characters.
   */
  async function check(what: string, client: TestClient, req: Req, rule: { mustRefuse: boolean; hostile?: boolean }): Promise<LightMyRequestResponse> {
    t.clock.advance(10);
    const before = await fingerprint();
    const beforeNoAudit = await fingerprint(false);
    const res = await w.send(client, req);
    const shown = Buffer.isBuffer(req.body) ? `(${req.body.length} bytes, ${req.contentType})` : typeof req.body === 'string' ? `${req.body.length > 300 ? `(${req.body.length} bytes) ${req.body.slice(0, 120)}…` : req.body} (${req.contentType})` : JSON.stringify(req.body)?.slice(0, 300);
    const label = `${what}: ${req.method} ${req.url.slice(0, 200)} ${shown}`;
    const problem = (p: string) => {
      throw new Error(`${label} → ${res.statusCode} ${res.body.slice(0, 300)}: ${p}`);
    };
    if (res.statusCode >= 500) problem('a 5xx');
    const refused = res.statusCode >= 400;
    if (refused) {
      let body: { error?: { code?: unknown; message?: unknown } } = {};
      try {
        body = res.json();
      } catch {
        problem('an error that is not JSON');
      }
      if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string' || body.error.message === '') problem('an error without { error: { code, message } }');
    } else if (rule.mustRefuse) {
      problem('accepted');
    }
    if (refused || req.method !== 'GET') {
      if (refused && (await fingerprint()) !== before) problem(`refused, yet the database changed:\n${before}\n${await fingerprint()}`);
    } else if ((await fingerprint(false)) !== beforeNoAudit) {
      problem('a GET wrote something other than an audit row');
    }
    if (!refused && rule.hostile && (res.headers['content-type'] ?? '').toString().includes('json')) {
      const bad = stringsOf(res.json()).find((s) => forbiddenChars.test(s));
      if (bad !== undefined) problem(`accepted and kept control or direction-override characters: ${JSON.stringify(bad)}`);
    }
    if (({} as Record<string, unknown>).polluted !== undefined) problem('Object.prototype was polluted');
    return res;
  }

  /** Runs a property for each operation and caller, collecting the first failure of each instead of stopping. */
  async function forEach<T>(name: string, list: Operation[], arb: (op: Operation) => fc.Arbitrary<T> | null, run: (op: Operation, caller: (typeof callers)[number], v: T) => Promise<void>, runs = RUNS) {
    for (const op of list) {
      const a = arb(op);
      if (!a) continue;
      for (const caller of callers) {
        const details = await fc.check(
          fc.asyncProperty(a, async (v) => {
            await run(op, caller, v);
          }),
          { numRuns: runs, endOnFailure: true },
        );
        if (details.failed) failures.push(`[${name}] ${op.key} as ${caller.key} (seed ${details.seed}): ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance).split('\n').slice(0, 3).join(' | ')}`);
      }
    }
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await buildWorld(t, ['nationalAdmin', 'communeOfficer']);
    callers.push({ key: 'nationalAdmin', client: w.sessions.get('nationalAdmin')!.client }, { key: 'communeOfficer', client: w.sessions.get('communeOfficer')!.client });

    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> }; parameters?: { in: string; name: string; required?: boolean; schema: Schema }[] }>> };
    const documented = new Set(documentedOperations(t));
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, o]) => ({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase() as Req['method'],
        body: o.requestBody?.content?.['application/json']?.schema ?? null,
        query: (o.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? false })),
        path: (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        upload: uploads.has(`${m.toUpperCase()} ${path}`),
      })),
    ).filter((op) => documented.has(op.key) && op.key in declarations && !noInput.has(op.key));

    // One statement: every table's row count, each table's newest change, and the newest audit row.
    const schema = engine === 'postgres' ? ((await sql<{ s: string }>`select current_schema() as s`.execute(t.deps.db)).rows[0]!.s) : null;
    const tables = (await t.deps.db.introspection.getTables())
      .filter((tb) => !tb.isView && (schema === null || tb.schema === schema))
      .filter((tb) => !['sessions', 'login_failures'].includes(tb.name) && !tb.name.startsWith('kysely_'));
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const parts = (withAudit: boolean) =>
      tables.flatMap((tb) => {
        if (tb.name === 'audit_log') {
          return withAudit
            ? [`(select count(*) from audit_log where action <> 'auth.login_failed') as audit_rows`, `(select max(id) from audit_log where action <> 'auth.login_failed') as audit_newest`]
            : [];
        }
        // A census exported is recorded with its audit row (census_reports, kind 'exported'): an access record too.
        if (tb.name === 'census_reports') return withAudit ? [`(select count(*) from census_reports) as census_reports`] : [];
        const changed = tb.columns.some((c) => c.name === 'updated_at') ? [`(select max(updated_at) from ${q(tb.name)}) as ${q(`${tb.name}_changed`)}`] : [];
        return [`(select count(*) from ${q(tb.name)}) as ${q(tb.name)}`, ...changed];
      });
    fingerprintSql = sql.raw(`select ${parts(true).join(', ')}`);
    fingerprintNoAudit = sql.raw(`select ${parts(false).join(', ')}`);
    expect(tables.length).toBeGreaterThan(10);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has a fingerprint that sees an edit which adds no row, and stays the same over a read', async () => {
    const admin = callers[0]!.client;
    t.clock.advance(10);
    const before = await fingerprint();
    const beforeNoAudit = await fingerprint(false);
    expect((await w.send(admin, { method: 'GET', url: `/api/groups/${w.fx.in.group}` })).statusCode).toBe(200);
    expect(await fingerprint()).toBe(before);
    const edit = await w.send(admin, { method: 'PATCH', url: `/api/groups/${w.fx.in.group}`, body: { notes: `Ghi chú ${Date.now()}` } });
    expect(edit.statusCode).toBe(200);
    expect(await fingerprint()).not.toBe(before);
    // Without the audit log, the group's change time tells it too.
    expect(await fingerprint(false)).not.toBe(beforeNoAudit);
  });

  it('refuses bad JSON bodies to every write endpoint with a 4xx and writes nothing', { timeout: 300_000 }, async () => {
    failures.length = 0;
    const withBody = ops.filter((op) => op.body && op.key !== anyJson && !op.upload);
    // Whole bodies that are not what any endpoint takes, and single properties made wrong.
    await forEach(
      'body',
      withBody,
      (op) => {
        const s = op.body!;
        const props = Object.entries(s.properties ?? {});
        const required = (s.required ?? []).filter((k) => s.properties?.[k]?.default === undefined);
        const whole = fc.constantFrom<unknown>([], 'text', 42, true, [{}]).map((b) => ({ body: b }));
        const deep = fc.tuple(fc.integer({ min: 65, max: 5000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => ({ body: nested(d, k), raw: true }));
        const missing = required.length ? fc.constantFrom(...required).map((k) => ({ omit: k })) : null;
        const wrong = props.flatMap(([k, ps]) => wrongValues(ps, asOfFields.has(`${op.key} ${k}`)).map((v) => [k, v] as const));
        const wrongProp = wrong.length ? fc.constantFrom(...wrong).map(([k, v]) => ({ set: [k, v] as const })) : null;
        return fc.oneof(whole, deep, ...(missing ? [missing] : []), ...(wrongProp ? [wrongProp, wrongProp] : []));
      },
      async (op, caller, m: { body?: unknown; raw?: boolean; omit?: string; set?: readonly [string, unknown] }) => {
        const req = await base(op, caller);
        let body: unknown;
        if ('body' in m) body = m.body;
        else {
          const b = { ...(req.body as Record<string, unknown>) };
          if (m.omit) delete b[m.omit];
          if (m.set) b[m.set[0]] = m.set[1];
          body = b;
        }
        const sent: Req = m.raw ? { ...req, body, contentType: 'application/json' } : { ...req, body: JSON.stringify(body), contentType: 'application/json' };
        await check('bad body', caller.client, sent, { mustRefuse: true });
      },
    );
    // The same for every endpoint that takes JSON: broken JSON, another media type, prototype keys, too large.
    const fixed: { name: string; body: string; contentType: string }[] = [
      { name: 'malformed JSON', body: '{"a":', contentType: 'application/json' },
      { name: 'empty JSON', body: '', contentType: 'application/json' },
      { name: 'plain text', body: 'fullName=Nguyễn Văn An', contentType: 'text/plain' },
      { name: 'a form', body: 'fullName=An', contentType: 'application/x-www-form-urlencoded' },
      { name: '__proto__', body: '{"__proto__":{"polluted":"yes"}}', contentType: 'application/json' },
      { name: 'constructor.prototype', body: '{"constructor":{"prototype":{"polluted":"yes"}}}', contentType: 'application/json' },
      { name: 'over a megabyte', body: JSON.stringify({ fullName: 'x'.repeat(1_100_000) }), contentType: 'application/json' },
    ];
    for (const op of ops.filter((o) => (o.body || o.key === anyJson) && !o.upload)) {
      for (const caller of callers) {
        for (const f of fixed) {
          // The reference files are large by nature (30 MB allowed).
          if (op.key === anyJson && f.name === 'over a megabyte') continue;
          const req = await base(op, caller);
          // A prototype key inside a body that is otherwise valid.
          const body = f.name === '__proto__' || f.name === 'constructor.prototype' ? JSON.stringify(req.body).replace(/^\{/, `${f.body.slice(0, -1)}${JSON.stringify(req.body) === '{}' ? '' : ','}`) : f.body;
          try {
            await check(f.name, caller.client, { ...req, body, contentType: f.contentType }, { mustRefuse: true });
          } catch (e) {
            failures.push(`[${f.name}] ${op.key} as ${caller.key}: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never keeps control or direction-override characters from a text field, and never answers them with a 5xx', { timeout: 300_000 }, async () => {
    failures.length = 0;
    const withText = ops.filter((op) => op.body && !op.upload && op.key !== anyJson && !op.key.startsWith('POST /api/auth/'));
    await forEach(
      'hostile text',
      withText,
      (op) => {
        const texts = Object.entries(op.body!.properties ?? {}).filter(([, s]) => s.type === 'string' && !s.enum && !s.pattern).map(([k]) => k);
        return texts.length ? fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...hostileText)) : null;
      },
      async (op, caller, [key, text]) => {
        const req = await base(op, caller);
        await check('hostile text', caller.client, { ...req, body: { ...(req.body as object), [key]: text } }, { mustRefuse: false, hostile: true });
      },
      4,
    );
    expect(failures).toEqual([]);
  });

  it('refuses bad query strings with a 4xx, and hostile ones without a 5xx; a GET writes no more than its audit row', { timeout: 300_000 }, async () => {
    failures.length = 0;
    const withQuery = ops.filter((op) => op.query.length > 0);
    await forEach(
      'query',
      withQuery,
      (op) => {
        const wrong = op.query.flatMap((p) =>
          wrongValues(p.schema, true)
            .filter((v) => typeof v === 'string' || typeof v === 'number')
            // A query string is text: a number where text is wanted is text again.
            .filter((v) => !(p.schema.type === 'string' && typeof v === 'number'))
            .filter((v) => !(p.schema.type === 'integer' && v === '12'))
            .map((v) => [p.name, String(v)] as const),
        );
        const repeated = op.query.filter((p) => p.schema.type !== 'array').map((p) => [p.name, '__twice__'] as const);
        const missing = op.query.filter((p) => p.required).map((p) => [p.name, '__missing__'] as const);
        const all = [...wrong, ...repeated, ...missing];
        return all.length ? fc.constantFrom(...all) : null;
      },
      async (op, caller, [name, value]) => {
        const req = await base(op, caller);
        const url = new URL(req.url, 'http://x');
        const valid = url.searchParams.get(name) ?? (op.query.find((p) => p.name === name)?.schema.enum?.[0] as string | undefined) ?? '1';
        if (value === '__missing__') url.searchParams.delete(name);
        else if (value === '__twice__') {
          url.searchParams.set(name, valid);
          url.searchParams.append(name, valid);
        } else url.searchParams.set(name, value);
        await check('bad query', caller.client, { ...req, url: url.pathname + url.search }, { mustRefuse: true });
      },
    );
    const hostileQueries = ['q=%00', 'q=%25_%25', '__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', `q=${encodeURIComponent('\u202E')}`, `q=${'%F0%9F'.repeat(3)}`, 'page=1&page=', `q=${'x'.repeat(8000)}`];
    for (const op of ops.filter((o) => o.method === 'GET')) {
      for (const caller of callers) {
        for (const hq of hostileQueries) {
          const req = await base(op, caller);
          const url = req.url.includes('?') ? `${req.url}&${hq}` : `${req.url}?${hq}`;
          try {
            await check('hostile query', caller.client, { ...req, url }, { mustRefuse: false });
          } catch (e) {
            failures.push(`[hostile query] ${op.key} as ${caller.key}: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses bad path ids with a 4xx and writes nothing', { timeout: 300_000 }, async () => {
    failures.length = 0;
    const badIds = ['not-a-uuid', "1'%20or%20'1'%3D'1", '%00', 'a'.repeat(3000), '..%2F..%2Fetc%2Fpasswd', '01890000-0000-7000-8000-00000000dead', '%E2%80%AE', '__proto__', 'constructor'];
    await forEach(
      'path',
      ops.filter((op) => op.path.length > 0),
      (op) => fc.tuple(fc.constantFrom(...op.path), fc.constantFrom(...badIds)),
      async (op, caller, [param, bad]) => {
        const req = await base(op, caller);
        // The declared request's URL, with the parameter's place in the path given the bad value.
        const template = op.key.split(' ')[1]!.split('/');
        const actual = req.url.split('?')[0]!.split('/');
        const at = template.indexOf(`{${param}}`);
        actual[at] = bad;
        const query = req.url.includes('?') ? `?${req.url.split('?')[1]}` : '';
        await check('bad path id', caller.client, { ...req, url: actual.join('/') + query }, { mustRefuse: true });
      },
    );
    expect(failures).toEqual([]);
  });

  it('refuses bad files to the upload endpoints with a 4xx, within seconds, and writes nothing', { timeout: 300_000 }, async () => {
    failures.length = 0;
    const admin = callers[0]!.client;
    const template = (await w.send(admin, { method: 'GET', url: '/api/groups/import/template' })).rawPayload;
    expect(template.subarray(0, 2).toString()).toBe('PK');
    const lying = zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${'<row/>'.repeat(200_000)}</sheetData></worksheet>` }, () => 100);
    const files: fc.Arbitrary<{ name: string; bytes: Buffer; type: string; commit: boolean }> = fc.oneof(
      fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 4096 }), fc.constantFrom(XLSX, 'text/csv', 'application/octet-stream'), fc.boolean()).map(([b, type, commit]) => ({ name: 'random bytes', bytes: Buffer.from(b), type, commit })),
      fc.tuple(fc.integer({ min: 1, max: template.length - 1 }), fc.boolean()).map(([cut, commit]) => ({ name: `template cut at ${cut}`, bytes: template.subarray(0, cut), type: XLSX, commit })),
      fc.tuple(fc.integer({ min: 30, max: template.length - 30 }), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const b = Buffer.from(template);
        b[at] = byte;
        return { name: `template with byte ${at} set to ${byte}`, bytes: b, type: XLSX, commit: false };
      }),
      fc.constantFrom(
        { name: 'a zip whose entry lies about its size', bytes: lying, type: XLSX, commit: true },
        { name: 'UTF-16 CSV', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Mã xã/phường,Tên\r\n\u0000\u0000,x\r\n', 'utf16le')]), type: 'text/csv', commit: true },
        { name: 'Latin-1 CSV', bytes: Buffer.from('M\xe3 x\xe3,T\xean th\xf4n\n22738,Th\xf4n \xc0\n', 'latin1'), type: 'text/csv', commit: true },
        { name: 'CSV with NUL bytes', bytes: Buffer.from('a,b\u0000,c\n\u0000\u0000\u0000\n', 'utf8'), type: 'text/csv', commit: true },
        { name: 'empty file', bytes: Buffer.alloc(0), type: 'text/csv', commit: true },
        { name: 'one endless line', bytes: Buffer.from('x'.repeat(2_000_000)), type: 'text/csv', commit: true },
        { name: 'a JSON body', bytes: Buffer.from('{"rows":[]}'), type: 'application/json', commit: true },
      ),
    );
    await forEach(
      'file',
      ops.filter((op) => op.upload),
      () => files,
      async (op, caller, f) => {
        const url = `${op.key.split(' ')[1]!}?commit=${f.commit}`;
        const started = Date.now();
        const res = await check(f.name, caller.client, { method: 'POST', url, body: f.bytes, contentType: f.type }, { mustRefuse: f.commit });
        if (Date.now() - started > 5000) throw new Error(`${f.name} to ${url}: ${Date.now() - started} ms`);
        if (res.statusCode === 200 && f.commit) throw new Error(`${f.name} committed`);
      },
      10,
    );
    // The official list and reforms: any JSON is taken as a job; one that is neither fails and writes nothing.
    const national = callers[0]!;
    const docs = fc.oneof(fc.json({ maxDepth: 4 }).map((j) => JSON.parse(j) as unknown), fc.constantFrom<unknown>({ data: 'x' }, { data: [{ level1_id: 'x' }] }, { events: 1 }, [], 'text'));
    const details = await fc.check(
      fc.asyncProperty(docs, async (doc) => {
        const before = await fingerprint();
        const res = await check('a JSON document that is no list', national.client, { method: 'POST', url: '/api/units/imports?fileName=x.json', body: JSON.stringify(doc), contentType: 'application/json' }, { mustRefuse: false });
        if (res.statusCode !== 202) return;
        let job = res.json() as { id: string; status: string };
        for (let i = 0; i < 100 && job.status === 'running'; i++) {
          await new Promise((r) => setTimeout(r, 20));
          job = (await w.send(national.client, { method: 'GET', url: `/api/units/imports/${job.id}` })).json();
        }
        if (job.status !== 'failed') throw new Error(`${JSON.stringify(doc).slice(0, 200)} → job ${job.status}`);
        if ((await fingerprint()) !== before) throw new Error(`${JSON.stringify(doc).slice(0, 200)} → the failed import changed the database`);
      }),
      { numRuns: 10, endOnFailure: true },
    );
    if (details.failed) failures.push(`[import document] ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`);
    expect(failures).toEqual([]);
  });
});
