import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';
import { actors, totpRoles, type Actor, type ActorKey, type AreaFixture, type Fixture, type Fresh, type Req, type Side } from './matrix.js';

/**
 * The world the permanent security checks run in: two areas, one in Ninh Thuận (the callers'
 * own) and one in Khánh Hòa (another province), each with a village, two groups, a person with
 * a CCCD who is a member, a user and a model type of the province; a session per actor of the
 * matrix; and objects made on demand for checks that spend them.
 */

export const codes = { in: { province: '58', commune: '22738', otherCommune: '22741' }, out: { province: '56', commune: '22327', otherCommune: '22330' } } as const;

/** The names and numbers of the other province's objects, which a scoped caller must never read. */
export const outsideNames = ['Tổ tự quản out', 'Đội dân phòng out', 'Trần Văn Ngoài', '056085000222'];

export interface Session {
  client: TestClient;
  username: string;
}

export interface SecurityWorld {
  fx: Fixture;
  /** The nationwide administrator that builds the fixture. */
  admin: TestClient;
  sessions: Map<ActorKey, Session>;
  n(): number;
  /** A new user of the actor's role and scope (or a new session of `username`), logged in. */
  newSession(actor: Actor, username?: string): Promise<Session>;
  /** Objects for one check; when the caller may not act, the fixture's own (nothing is spent). */
  freshFor(client: TestClient | null, mayAct: boolean): Fresh;
  /** Sends a request as a client's session (anonymous without one), leaving the client as it was. */
  send(client: TestClient | null, req: Req): Promise<LightMyRequestResponse>;
}

function ok(res: LightMyRequestResponse, what: string) {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function buildWorld(t: TestContext, only: readonly ActorKey[] = actors.map((a) => a.key)): Promise<SecurityWorld> {
  let counter = 0;
  let ip = 0;
  const n = () => ++counter;
  const admin = await t.as('admin', null, 'qt.matran');
  const scopeCode = new Map<ActorKey, string | null>();
  const sessions = new Map<ActorKey, Session>();

  async function newVillage(side: Side) {
    const k = n();
    const code = `${codes[side].commune}-T${k}`;
    const name = `Thôn Thử ${k}`;
    const id = ok(await admin.post('/api/units', { code, name, level: 'village', kind: 'Thôn', parentId: await t.unitId(codes[side].commune), validFrom: '2020-01-01' }), 'village').id;
    return { id, code, name };
  }

  async function area(side: Side, village: { id: string; code: string; name: string }): Promise<AreaFixture> {
    const c = codes[side];
    const group = ok(await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: `Tổ tự quản ${side}`, unitId: village.id, foundedOn: '2020-01-01' }), 'group').id;
    const otherGroup = ok(await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'doi-dan-phong', name: `Đội dân phòng ${side}`, unitId: village.id, foundedOn: '2020-01-01' }), 'group').id;
    const person = ok(
      await admin.post('/api/people', { fullName: side === 'in' ? 'Nguyễn Văn Trong' : 'Trần Văn Ngoài', gender: 'male', birthYear: 1985, cccd: `0${c.province}085${side === 'in' ? '000111' : '000222'}`, addressUnitId: village.id }),
      'person',
    ).id;
    const membership = ok(await admin.post(`/api/groups/${group}/members`, { confirmPastChange: true, personId: person, role: 'member', from: '2021-01-01' }), 'membership').id;
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

  /** The TOTP secret of each user the fixture enrolled, by username. */
  const secrets = new Map<string, string>();
  /** A code for a secret in a step of its own (a code is accepted once). */
  const codeFor = async (secret: string): Promise<string> => {
    t.clock.advance(30_000);
    return generate({ secret, epoch: Math.floor(t.clock.ms / 1000) });
  };
  async function enrol(client: TestClient): Promise<string> {
    const secret = ok(await send(client, { method: 'POST', url: '/api/auth/totp/setup', body: { password: TEST_PASSWORD } }), 'TOTP set-up').secret as string;
    const res = await send(client, { method: 'POST', url: '/api/auth/totp/enable', body: { code: await codeFor(secret) } });
    if (res.statusCode !== 204) throw new Error(`TOTP enable: ${res.statusCode} ${res.body}`);
    return secret;
  }

  async function newSession(actor: Actor, username?: string): Promise<Session> {
    if (actor.role === null) throw new Error('anonymous has no session');
    const name = username ?? (await t.makeUser(actor.role, scopeCode.get(actor.key)!, `${actor.key.toLowerCase()}.${n()}`)).username;
    const pending = 'pending' in actor ? actor.pending : null;
    if (pending === 'password') await t.deps.db.updateTable('users').set({ must_change_password: 1 }).where('username', '=', name).execute();
    // Each session from its own address, so that no throttle by address joins them.
    const client = t.client('vi', `10.9.${Math.floor(++ip / 200)}.${ip % 200}`);
    const secret = secrets.get(name);
    const res = await client.login(name, TEST_PASSWORD, secret ? await codeFor(secret) : undefined);
    if (res.statusCode !== 200) throw new Error(`login of ${name}: ${res.statusCode} ${res.body}`);
    // A role that requires TOTP: its users enrol, but the one whose enrolment is pending.
    if (!secret && totpRoles.includes(actor.role) && pending !== 'totp') secrets.set(name, await enrol(client));
    return { client, username: name };
  }

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

  const villages = { in: await newVillage('in'), out: await newVillage('out') };
  const fx: Fixture = {
    in: await area('in', villages.in),
    out: await area('out', villages.out),
    loginUser: (await t.makeUser('viewer', codes.in.commune, 'dang.nhap')).username,
    loginPassword: TEST_PASSWORD,
    importJob: '',
  };
  for (const role of totpRoles) ok(await admin.request('PUT', `/api/roles/${role}`, { requireTotp: true }), 'role setting');
  const scopes: Record<NonNullable<Actor['scope']>, string | null> = { nation: null, province: codes.in.province, commune: codes.in.commune, village: villages.in.code };
  for (const actor of actors) {
    if (actor.scope === null) continue;
    scopeCode.set(actor.key, scopes[actor.scope]);
    if (only.includes(actor.key)) sessions.set(actor.key, await newSession(actor));
  }
  // A group of the area replicated a model of the other province: its links must not name that group to a scoped reader.
  ok(await admin.post(`/api/groups/${fx.in.group}/links`, { otherGroupId: fx.out.otherGroup, kind: 'replicated_from' }), 'link');
  const national = sessions.get('nationalAdmin')?.client ?? admin;
  fx.importJob = ok(await national.request('POST', '/api/units/imports?fileName=empty.json', { nothing: true }), 'import job').id;

  // An officer of each commune, who makes membership requests for the checks.
  const requesters = { in: await t.as('commune_officer', codes.in.commune, 'de.nghi.in'), out: await t.as('commune_officer', codes.out.commune, 'de.nghi.out') };
  const other = (side: Side): Side => (side === 'in' ? 'out' : 'in');
  /** A CCCD of the side's province: male, born in 1985, a number of its own. */
  const cccd = (side: Side) => `0${codes[side].province}0857${String(n()).padStart(5, '0')}`;

  function freshFor(client: TestClient | null, mayAct: boolean): Fresh {
    async function totpCode() {
      if (!client) throw new Error('TOTP needs a caller');
      const secret = ok(await send(client, { method: 'POST', url: '/api/auth/totp/setup', body: { password: TEST_PASSWORD } }), 'TOTP set-up').secret;
      return codeFor(secret);
    }
    return {
      n,
      village: async (s) => (mayAct ? newVillage(s) : fx[s].village),
      group: async (s) =>
        mayAct ? ok(await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: `Tổ riêng ${n()}`, unitId: fx[s].village.id, foundedOn: '2020-01-01' }), 'group').id : fx[s].group,
      person: async (s) =>
        mayAct ? ok(await admin.post('/api/people', { fullName: `Người Riêng ${n()}`, gender: 'female', birthYear: 1992, addressUnitId: fx[s].village.id }), 'person').id : fx[s].person,
      async membership(s) {
        if (!mayAct) return { group: fx[s].group, membership: fx[s].membership };
        const person = ok(await admin.post('/api/people', { fullName: `Thành Viên ${n()}`, addressUnitId: fx[s].village.id }), 'person').id;
        const membership = ok(await admin.post(`/api/groups/${fx[s].group}/members`, { confirmPastChange: true, personId: person, role: 'member', from: '2021-01-01' }), 'membership').id;
        return { group: fx[s].group, membership };
      },
      async link(s) {
        if (!mayAct) return { group: fx[s].group, link: '01890000-0000-7000-8000-000000000001' };
        const group = ok(await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: `Tổ nối ${n()}`, unitId: fx[s].village.id, foundedOn: '2020-01-01' }), 'group').id;
        const link = ok(await admin.post(`/api/groups/${group}/links`, { otherGroupId: fx[s].otherGroup, kind: 'linked' }), 'link').id;
        return { group, link };
      },
      cccd,
      async membershipRequest(s, kind) {
        if (!mayAct) return '01890000-0000-7000-8000-000000000002';
        let number = cccd(s);
        if (kind === 'incoming') {
          ok(await admin.post('/api/people', { fullName: `Người Được Đề Nghị ${n()}`, gender: 'male', birthYear: 1985, cccd: number, addressUnitId: fx[s].village.id }), 'person');
        }
        const by = kind === 'incoming' ? other(s) : s;
        if (kind === 'sent') number = cccd(s);
        return ok(await requesters[by].post('/api/membership-requests', { groupId: fx[by].group, cccd: number, fullName: 'Người Ở Nơi Khác', role: 'member', from: '2022-01-01', confirmPastChange: true }), 'membership request').id;
      },
      totpCode,
      async enableTotp() {
        const code = await totpCode();
        const res = await send(client, { method: 'POST', url: '/api/auth/totp/enable', body: { code } });
        if (res.statusCode !== 204) throw new Error(`TOTP enable: ${res.statusCode} ${res.body}`);
      },
    };
  }

  return { fx, admin, sessions, n, newSession, freshFor, send };
}

/** The operations of the OpenAPI document, as "METHOD /path". */
export function documentedOperations(t: TestContext): string[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}
