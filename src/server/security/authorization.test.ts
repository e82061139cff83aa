import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';
import { declarations } from './authorization.declarations.js';
import { actors, expected, sidesOf, withMatrix, type Actor, type ActorKey, type AreaFixture, type CheckContext, type Fixture, type Fresh, type Req, type Side } from './matrix.js';

/**
 * Every operation of the OpenAPI document, as every actor of the matrix, on an object in the
 * caller's area and one in another province: the answer must be the one declared in
 * authorization.declarations.ts. Objects an operation spends (a status changed, a link removed)
 * are made for the check alone.
 */

const codes = { in: { province: '58', commune: '22738', otherCommune: '22741' }, out: { province: '56', commune: '22327', otherCommune: '22330' } } as const;

/** The operations of the OpenAPI document, as "METHOD /path". */
function documentedOperations(t: TestContext): string[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

describe.each(engines)('authorization matrix (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let fx: Fixture;
  /** A logged-in client per actor (none for anonymous), and the username and scope it was made with. */
  const sessions = new Map<ActorKey, { client: TestClient; username: string }>();
  const scopeCode = new Map<ActorKey, string | null>();
  let counter = 0;
  let ip = 0;
  const n = () => ++counter;

  const ok = (res: LightMyRequestResponse, what: string) => {
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  async function area(side: Side, village: { id: string; code: string; name: string }): Promise<AreaFixture> {
    const c = codes[side];
    const group = ok(await admin.post('/api/groups', { typeCode: 'to-tu-quan', name: `Tổ tự quản ${side}`, unitId: village.id, foundedOn: '2020-01-01' }), 'group').id;
    const otherGroup = ok(await admin.post('/api/groups', { typeCode: 'doi-dan-phong', name: `Đội dân phòng ${side}`, unitId: village.id, foundedOn: '2020-01-01' }), 'group').id;
    const person = ok(
      await admin.post('/api/people', { fullName: side === 'in' ? 'Nguyễn Văn Trong' : 'Trần Văn Ngoài', gender: 'male', birthYear: 1985, cccd: `0${c.province}085${side === 'in' ? '000111' : '000222'}`, addressUnitId: village.id }),
      'person',
    ).id;
    const membership = ok(await admin.post(`/api/groups/${group}/members`, { personId: person, role: 'member', from: '2021-01-01' }), 'membership').id;
    const user = (await t.makeUser('group_leader', village.code, `muc.tieu.${side}`)).id;
    // A model type of the province, added by an administrator of that province.
    const provinceAdmin = await t.as('admin', c.province, `qt.loai.${side}`);
    const modelType = ok(await provinceAdmin.post('/api/model-types', { code: `camera-${side}`, name: `Camera an ninh ${side}`, reportNoun: 'camera an ninh' }), 'model type').code;
    return {
      provinceCode: c.province,
      commune: { id: await t.unitId(c.commune), code: c.commune },
      otherCommune: { id: await t.unitId(c.otherCommune), code: c.otherCommune },
      village,
      group,
      otherGroup,
      person,
      membership,
      user,
      modelType,
    };
  }

  async function newVillage(side: Side) {
    const k = n();
    const code = `${codes[side].commune}-T${k}`;
    const name = `Thôn Thử ${k}`;
    const id = ok(await admin.post('/api/units', { code, name, level: 'village', kind: 'Thôn', parentId: await t.unitId(codes[side].commune), validFrom: '2020-01-01' }), 'village').id;
    return { id, code, name };
  }

  /** A user of the actor's role and scope, logged in (and held at the password change when the actor is). */
  async function newSession(actor: Actor, username?: string): Promise<{ client: TestClient; username: string }> {
    if (actor.role === null) throw new Error('anonymous has no session');
    const name = username ?? (await t.makeUser(actor.role, scopeCode.get(actor.key)!, `${actor.key.toLowerCase()}.${n()}`)).username;
    if ('pending' in actor) await t.deps.db.updateTable('users').set({ must_change_password: 1 }).where('username', '=', name).execute();
    const client = t.client('vi', `10.9.${Math.floor(++ip / 200)}.${ip % 200}`);
    const res = await client.login(name);
    if (res.statusCode !== 200) throw new Error(`login of ${name}: ${res.statusCode} ${res.body}`);
    return { client, username: name };
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    admin = await t.as('admin', null, 'qt.matran');
    const villages = { in: await newVillage('in'), out: await newVillage('out') };
    fx = {
      in: await area('in', villages.in),
      out: await area('out', villages.out),
      loginUser: (await t.makeUser('viewer', codes.in.commune, 'dang.nhap')).username,
      loginPassword: TEST_PASSWORD,
      importJob: '',
    };
    const scopes: Record<NonNullable<Actor['scope']>, string | null> = { nation: null, province: codes.in.province, commune: codes.in.commune, village: villages.in.code };
    for (const actor of actors) {
      if (actor.scope === null) continue;
      scopeCode.set(actor.key, scopes[actor.scope]);
      sessions.set(actor.key, await newSession(actor));
    }
    // A group of the area replicated a model of the other province: its links must not name that group to a scoped reader.
    ok(await admin.post(`/api/groups/${fx.in.group}/links`, { otherGroupId: fx.out.otherGroup, kind: 'replicated_from' }), 'link');
    const national = sessions.get('nationalAdmin')!.client;
    fx.importJob = ok(await national.request('POST', '/api/units/imports?fileName=empty.json', { nothing: true }), 'import job').id;
  });
  afterAll(async () => t?.close());

  it('declares every operation of the OpenAPI document, and nothing else', () => {
    const documented = documentedOperations(t);
    const declared = Object.keys(declarations);
    expect(documented.filter((op) => !declared.includes(op)), 'operations without a declaration in src/server/security/authorization.declarations.ts').toEqual([]);
    expect(declared.filter((op) => !documented.includes(op)), 'declarations without a route').toEqual([]);
  });

  it('answers every operation, as every actor, in scope and out of it, as declared', { timeout: 240_000 }, async () => {
    const documented = new Set(documentedOperations(t));
    // What a scoped caller must never read: the objects of the other province (units are public reference data).
    const hidden = [fx.out.group, fx.out.otherGroup, fx.out.person, fx.out.membership, fx.out.user, 'Tổ tự quản out', 'Đội dân phòng out', 'Trần Văn Ngoài', '056085000222'];
    const failures: string[] = [];
    let sent = 0;
    for (const [operation, d] of Object.entries(declarations)) {
      if (!documented.has(operation)) continue;
      for (const actor of actors) {
        for (const side of sidesOf(d)) {
          const want = expected(operation, d, actor, side);
          const mayAct = !['anonymous', 'permission', 'pending'].includes(want.why);
          let session = actor.role === null ? null : sessions.get(actor.key)!;
          if (session && d.freshActor) session = await newSession(actor, d.freshActor === 'session' ? session.username : undefined);
          const fresh = freshFor(session?.client ?? null, side, mayAct);
          const req = await d.request({ fx, side, actor, fresh } satisfies CheckContext);
          const res = await send(session?.client ?? null, req);
          sent++;
          const label = `${operation} as ${actor.key} (${side}): ${req.method} ${req.url}`;
          if (res.statusCode !== want.status) {
            failures.push(`${label} → expected ${want.status} (${want.why}), got ${res.statusCode} ${res.body.slice(0, 300)}`);
            continue;
          }
          if (res.statusCode >= 400) {
            const body = res.json() as { error?: { code?: unknown; message?: unknown } };
            if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${label} → ${res.statusCode} without { error: { code, message } }: ${res.body.slice(0, 200)}`);
          }
          if (actor.scope !== 'nation' && actor.role !== null && (res.headers['content-type'] ?? '').toString().includes('json')) {
            const asked = JSON.stringify(req.body ?? '') + req.url;
            const leaked = hidden.filter((h) => !asked.includes(h) && res.body.includes(h));
            if (leaked.length > 0) failures.push(`${label} → the answer names what lies outside the scope (${leaked.join(', ')}): ${res.body.slice(0, 300)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(800);
  });

  /** Sends a request as a client's session (anonymous without one), leaving the client as it was. */
  async function send(client: TestClient | null, req: Req): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (client?.cookie) headers.cookie = client.cookie;
    if (client?.csrf && req.method !== 'GET') headers['x-csrf-token'] = client.csrf;
    if (req.contentType) headers['content-type'] = req.contentType;
    return t.app.inject({
      method: req.method,
      url: req.url,
      headers,
      remoteAddress: client?.ip ?? '10.8.0.1',
      ...(req.body === undefined || req.method === 'GET' ? {} : { payload: req.body as object }),
    });
  }

  /** Objects made for one check; when the caller may not act at all, the fixture's own (nothing is spent). */
  function freshFor(client: TestClient | null, side: Side, mayAct: boolean): Fresh {
    async function totpCode() {
      if (!client) throw new Error('TOTP needs a caller');
      const secret = ok(await send(client, { method: 'POST', url: '/api/auth/totp/setup', body: {} }), 'TOTP set-up').secret;
      return generate({ secret, epoch: Math.floor(t.clock.ms / 1000) });
    }
    void side;
    return {
      n,
      village: async (s) => (mayAct ? newVillage(s) : fx[s].village),
      group: async (s) =>
        mayAct ? ok(await admin.post('/api/groups', { typeCode: 'to-tu-quan', name: `Tổ riêng ${n()}`, unitId: fx[s].village.id, foundedOn: '2020-01-01' }), 'group').id : fx[s].group,
      person: async (s) =>
        mayAct ? ok(await admin.post('/api/people', { fullName: `Người Riêng ${n()}`, gender: 'female', birthYear: 1992, addressUnitId: fx[s].village.id }), 'person').id : fx[s].person,
      async membership(s) {
        if (!mayAct) return { group: fx[s].group, membership: fx[s].membership };
        const person = ok(await admin.post('/api/people', { fullName: `Thành Viên ${n()}`, addressUnitId: fx[s].village.id }), 'person').id;
        const membership = ok(await admin.post(`/api/groups/${fx[s].group}/members`, { personId: person, role: 'member', from: '2021-01-01' }), 'membership').id;
        return { group: fx[s].group, membership };
      },
      async link(s) {
        if (!mayAct) return { group: fx[s].group, link: '01890000-0000-7000-8000-000000000001' };
        const group = ok(await admin.post('/api/groups', { typeCode: 'to-tu-quan', name: `Tổ nối ${n()}`, unitId: fx[s].village.id, foundedOn: '2020-01-01' }), 'group').id;
        const link = ok(await admin.post(`/api/groups/${group}/links`, { otherGroupId: fx[s].otherGroup, kind: 'linked' }), 'link').id;
        return { group, link };
      },
      totpCode,
      async enableTotp() {
        const code = await totpCode();
        const res = await send(client, { method: 'POST', url: '/api/auth/totp/enable', body: { code } });
        if (res.statusCode !== 204) throw new Error(`TOTP enable: ${res.statusCode} ${res.body}`);
      },
    };
  }
});

describe('docs/security.md', () => {
  it('holds the authorization matrix the declarations make', () => {
    const file = resolve('docs/security.md');
    const doc = readFileSync(file, 'utf8');
    expect(doc === withMatrix(doc, declarations), 'docs/security.md’s matrix is not what the declarations make: run `npx tsx scripts/security-matrix.ts`').toBe(true);
  });
});
