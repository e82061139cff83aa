import type { CheckContext, Declarations, Req, Side } from './matrix.js';

/**
 * Every operation of the API with who may call it and what it answers: the permission it needs,
 * what decides its scope, the answer when allowed and outside the scope, and a small valid
 * request built from the fixture (in scope or out of it). authorization.test.ts sends each one
 * as every actor of matrix.ts; an operation of the OpenAPI document missing here fails it, and
 * so does a declaration without its route. docs/security.md's matrix is written from this file.
 */

const csv = 'text/csv';
const at = (c: CheckContext, side: Side = c.side) => c.fx[side];
const get = (url: string): Req => ({ method: 'GET', url });
const post = (url: string, body: unknown = {}): Req => ({ method: 'POST', url, body });

/** A group sheet of one row in the caller's village, with a member named by their CCCD (previewed, not written). */
const groupSheet = (villageCode: string, member: { name: string; cccd: string }) =>
  Buffer.from(
    `Mã địa bàn (thôn hoặc xã),"Tên tổ, đội",Loại mô hình,Ngày thành lập,Họ và tên thành viên,Giới tính,Ngày sinh,Số CCCD\n${villageCode},Tổ tự quản thử,to-tu-quan,1/1/2020,${member.name},Nam,1985,${member.cccd}\n`,
    'utf8',
  );
/** The person of each side, as a sheet or a search names them. */
const people = { in: { name: 'Nguyễn Văn Trong', cccd: '058085000111' }, out: { name: 'Trần Văn Ngoài', cccd: '056085000222' } };
/** The ids in a page or a list. */
const ids = (answer: unknown) => ((answer as { items?: { id: string }[] }).items ?? (answer as { id: string }[])).map((x) => x.id);
const holds = (answer: unknown, id: string, reaches: boolean, what: string) => (ids(answer).includes(id) === reaches ? null : `${what} ${reaches ? 'missing' : 'listed'}`);
/** A village sheet of one row under the commune (previewed, not written). */
const villageSheet = (communeCode: string, n: number) =>
  Buffer.from(`Mã xã/phường,"Mã thôn, tổ dân phố","Tên thôn, tổ dân phố",Loại,Ngày bắt đầu hiệu lực\n${communeCode},${communeCode}-S${n},Thôn Thử ${n},Thôn,1/1/2020\n`, 'utf8');

const areaQuery = (c: CheckContext) => `unit=${encodeURIComponent(at(c).village.code)}`;

export const declarations: Declarations = {
  // — system —
  'GET /api/health': { access: 'public', scoped: null, ok: 200, request: () => get('/api/health') },

  // — own account —
  'POST /api/auth/login': {
    access: 'public',
    scoped: null,
    ok: 200,
    request: (c) => post('/api/auth/login', { username: c.fx.loginUser, password: c.fx.loginPassword }),
  },
  'POST /api/auth/logout': { access: 'public', scoped: null, ok: 204, freshActor: 'session', request: () => post('/api/auth/logout') },
  'GET /api/auth/me': { access: 'session', scoped: null, ok: 200, request: () => get('/api/auth/me') },
  'POST /api/auth/password': {
    access: 'session',
    scoped: null,
    ok: 204,
    freshActor: 'user',
    request: (c) => post('/api/auth/password', { currentPassword: c.fx.loginPassword, newPassword: `Đồng lúa chín vàng ${c.fresh.n()} mùa gặt` }),
  },
  'PUT /api/auth/preferences': { access: 'session', scoped: null, ok: 204, request: () => ({ method: 'PUT', url: '/api/auth/preferences', body: { language: 'vi' } }) },
  // The password is needed only to replace a second factor already on (the viewer's).
  'POST /api/auth/totp/setup': { access: 'session', scoped: null, ok: 200, freshActor: 'user', request: (c) => post('/api/auth/totp/setup', { password: c.fx.loginPassword }) },
  'POST /api/auth/totp/enable': {
    access: 'session',
    scoped: null,
    ok: 204,
    freshActor: 'user',
    request: async (c) => post('/api/auth/totp/enable', { code: c.actor.role === null ? '123456' : await c.fresh.totpCode() }),
  },
  'POST /api/auth/totp/disable': {
    access: 'session',
    scoped: null,
    ok: 204,
    exceptions: [{ actors: ['villageViewer', 'totpPending'], status: 409, reason: 'TOTP_REQUIRED_BY_ROLE: the role requires a second factor' }],
    freshActor: 'user',
    request: async (c) => {
      if (c.actor.role !== null) await c.fresh.enableTotp();
      return post('/api/auth/totp/disable', { password: c.fx.loginPassword });
    },
  },

  // — users —
  'GET /api/users/ended-scopes': { access: 'users.write', scoped: null, ok: 200, request: () => get('/api/users/ended-scopes') },
  'GET /api/users/': {
    access: 'users.read',
    scoped: 'area',
    ok: 200,
    request: (c) => get(`/api/users/?unitId=${at(c).village.id}`),
    verify: (a, c) => holds(a, at(c).user, true, 'the user of the area'),
  },
  'POST /api/users/': {
    access: 'users.write',
    scoped: 'area',
    ok: 201,
    outOfScope: 403,
    outOfScopeReason: 'ROLE_NOT_ALLOWED: the grant names a unit the caller cannot give (units are public reference data)',
    request: (c) => post('/api/users/', { username: `nguoi.moi.${c.fresh.n()}`, fullName: 'Người Dùng Mới', role: 'viewer', scopeUnitId: at(c).village.id }),
  },
  'GET /api/users/{id}': { access: 'users.read', scoped: 'user', ok: 200, request: (c) => get(`/api/users/${at(c).user}`) },
  'PATCH /api/users/{id}': { access: 'users.write', scoped: 'user', ok: 200, request: (c) => ({ method: 'PATCH', url: `/api/users/${at(c).user}`, body: { fullName: 'Người Dùng Đã Sửa' } }) },
  'POST /api/users/{id}/disable': { access: 'users.write', scoped: 'user', ok: 200, request: (c) => post(`/api/users/${at(c).user}/disable`) },
  'POST /api/users/{id}/enable': { access: 'users.write', scoped: 'user', ok: 200, request: (c) => post(`/api/users/${at(c).user}/enable`) },
  'POST /api/users/{id}/reset-password': { access: 'users.write', scoped: 'user', ok: 200, request: (c) => post(`/api/users/${at(c).user}/reset-password`) },
  'POST /api/users/{id}/reset-totp': { access: 'users.write', scoped: 'user', ok: 200, request: (c) => post(`/api/users/${at(c).user}/reset-totp`) },

  // — roles, audit —
  'GET /api/roles/': { access: 'roles.write', scoped: null, ok: 200, request: () => get('/api/roles/') },
  'PUT /api/roles/{role}': {
    access: 'roles.write',
    scoped: null,
    ok: 200,
    exceptions: [{ actors: ['provinceAdmin'], status: 403, reason: 'OUT_OF_SCOPE: role settings are national, changed only by a nationwide administrator' }],
    // Kept as the fixture has it: viewers must use TOTP.
    request: () => ({ method: 'PUT', url: '/api/roles/viewer', body: { requireTotp: true } }),
  },
  'GET /api/audit/': { access: 'audit.read', scoped: null, ok: 200, request: () => get('/api/audit/') },

  // — units —
  'GET /api/units/': { access: 'units.read', scoped: 'unit', ok: 200, request: (c) => get(`/api/units/?parentId=${at(c).village.id}`) },
  'POST /api/units/': {
    access: ['units.write', 'villages.write'],
    scoped: 'unit',
    ok: 201,
    request: (c) => {
      const n = c.fresh.n();
      return post('/api/units/', { code: `${at(c).commune.code}-M${n}`, name: `Thôn Mới ${n}`, level: 'village', kind: 'Thôn', parentId: at(c).commune.id, validFrom: '2020-01-01' });
    },
  },
  'GET /api/units/{id}': { access: 'units.read', scoped: 'unit', ok: 200, request: (c) => get(`/api/units/${at(c).village.id}`) },
  'PATCH /api/units/{id}': {
    access: ['units.write', 'villages.write'],
    scoped: 'unit',
    ok: 200,
    request: (c) => ({ method: 'PATCH', url: `/api/units/${at(c).village.id}`, body: { name: at(c).village.name } }),
  },
  'DELETE /api/units/{id}': {
    access: ['units.write', 'villages.write'],
    scoped: 'unit',
    ok: 204,
    request: async (c) => ({ method: 'DELETE', url: `/api/units/${(await c.fresh.village(c.side)).id}` }),
  },
  'POST /api/units/{id}/move': {
    access: ['units.write', 'villages.write'],
    scoped: 'unit',
    ok: 200,
    exceptions: [{ actors: ['communeOfficer'], side: 'in', status: 404, reason: 'the other commune of the province lies outside a commune officer’s scope' }],
    request: async (c) => post(`/api/units/${(await c.fresh.village(c.side)).id}/move`, { parentId: at(c).otherCommune.id, date: '2025-01-01' }),
  },
  'POST /api/units/{id}/rename': {
    access: ['units.write', 'villages.write'],
    scoped: 'unit',
    ok: 200,
    request: async (c) =>
      post(`/api/units/${(await c.fresh.village(c.side)).id}/rename`, { name: 'Thôn Đổi Tên', date: '2025-01-01', reason: 'Nghị quyết của HĐND tỉnh', confirmPastChange: true }),
  },
  'GET /api/units/{id}/history': { access: 'units.read', scoped: 'unit', ok: 200, request: (c) => get(`/api/units/${at(c).village.id}/history`) },
  'GET /api/units/resolve': { access: 'units.read', scoped: null, ok: 200, request: (c) => get(`/api/units/resolve?code=${c.fx.out.commune.code}`) },
  'GET /api/units/children': { access: 'units.read', scoped: null, ok: 200, request: (c) => get(`/api/units/children?code=${c.fx.out.provinceCode}`) },
  'GET /api/units/successors': { access: 'units.read', scoped: null, ok: 200, request: (c) => get(`/api/units/successors?code=${c.fx.out.commune.code}&from=2024-01-01&to=2025-01-01`) },
  'GET /api/units/placements': { access: ['units.write', 'villages.write'], scoped: null, ok: 200, request: () => get('/api/units/placements') },
  'POST /api/units/placements/{id}': {
    access: ['units.write', 'villages.write'],
    scoped: null,
    ok: 404,
    okReason: 'NOT_FOUND for a placement that does not exist: no reorganisation in the fixture leaves a village to place; the check holds the gate',
    request: (c) => post('/api/units/placements/01890000-0000-7000-8000-000000000000', { communeId: at(c).commune.id }),
  },
  'POST /api/units/imports': {
    access: 'units.write',
    scoped: null,
    ok: 202,
    exceptions: [{ actors: ['provinceAdmin'], status: 403, reason: 'OUT_OF_SCOPE: the administrative map is national' }],
    // A file that is neither list: the job is accepted, then fails without writing.
    request: () => ({ method: 'POST', url: '/api/units/imports?fileName=empty.json', body: { nothing: true } }),
  },
  'GET /api/units/imports/{id}': {
    access: 'units.write',
    scoped: null,
    ok: 200,
    exceptions: [{ actors: ['provinceAdmin'], status: 404, reason: 'an import job is seen only by who started it' }],
    request: (c) => get(`/api/units/imports/${c.fx.importJob}`),
  },
  'GET /api/units/villages/template': { access: ['units.write', 'villages.write'], scoped: null, ok: 200, request: () => get('/api/units/villages/template') },
  'POST /api/units/villages/import': {
    access: ['units.write', 'villages.write'],
    scoped: null,
    ok: 200,
    request: (c) => ({ method: 'POST', url: '/api/units/villages/import?commit=false', body: villageSheet(at(c).commune.code, c.fresh.n()), contentType: csv }),
  },

  // — model types —
  'GET /api/model-types/': { access: 'session', scoped: null, ok: 200, request: () => get('/api/model-types/') },
  'POST /api/model-types/': {
    access: 'model_types.write',
    scoped: null,
    ok: 201,
    request: (c) => {
      const n = c.fresh.n();
      return post('/api/model-types/', { code: `mo-hinh-thu-${n}`, name: `Mô hình thử ${n}`, reportNoun: 'mô hình thử' });
    },
  },
  'PATCH /api/model-types/{code}': {
    access: 'model_types.write',
    scoped: 'modelType',
    ok: 200,
    request: (c) => ({ method: 'PATCH', url: `/api/model-types/${at(c).modelType}`, body: { reportNoun: 'camera an ninh' } }),
  },
  'POST /api/model-types/{code}/retire': { access: 'model_types.write', scoped: 'modelType', ok: 200, request: (c) => post(`/api/model-types/${at(c).modelType}/retire`, { date: '2025-01-01' }) },
  'POST /api/model-types/{code}/restore': { access: 'model_types.write', scoped: 'modelType', ok: 200, request: (c) => post(`/api/model-types/${at(c).modelType}/restore`) },

  // — groups —
  'GET /api/groups/': {
    access: 'groups.read',
    scoped: 'area',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty list: the list holds only groups in the caller’s scope (area names are public reference data)',
    request: (c) => get(`/api/groups/?unitId=${at(c).village.id}`),
    verify: (a, c, reaches) => holds(a, at(c).group, reaches, 'the group of the area'),
  },
  'GET /api/groups/export': {
    access: 'groups.read',
    scoped: 'area',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty sheet, as the list',
    request: (c) => get(`/api/groups/export?unitId=${at(c).village.id}`),
  },
  'POST /api/groups/': {
    access: 'groups.write',
    scoped: 'area',
    ok: 201,
    request: (c) => post('/api/groups/', { confirmPastChange: true, typeCode: 'to-tu-quan', name: `Tổ tự quản ${c.fresh.n()}`, unitId: at(c).village.id, foundedOn: '2020-01-01' }),
  },
  'GET /api/groups/{id}': { access: 'groups.read', scoped: 'group', ok: 200, request: (c) => get(`/api/groups/${at(c).group}`) },
  'PATCH /api/groups/{id}': { access: 'groups.write', scoped: 'group', ok: 200, request: (c) => ({ method: 'PATCH', url: `/api/groups/${at(c).group}`, body: { notes: 'Họp mỗi tháng một lần.' } }) },
  'GET /api/groups/{id}/timeline': { access: 'groups.read', scoped: 'group', ok: 200, request: (c) => get(`/api/groups/${at(c).group}/timeline`) },
  'POST /api/groups/{id}/status': {
    access: 'groups.write',
    scoped: 'group',
    ok: 200,
    request: async (c) => post(`/api/groups/${await c.fresh.group(c.side)}/status`, { confirmPastChange: true, status: 'consolidating', date: '2025-01-01', reason: 'Củng cố' }),
  },
  'POST /api/groups/{id}/area': {
    access: 'groups.write',
    scoped: 'group',
    ok: 200,
    request: async (c) => post(`/api/groups/${await c.fresh.group(c.side)}/area`, { confirmPastChange: true, unitId: at(c).commune.id, date: '2025-01-01' }),
  },
  'GET /api/groups/{id}/links': { access: 'groups.read', scoped: 'group', ok: 200, request: (c) => get(`/api/groups/${at(c).group}/links`) },
  'POST /api/groups/{id}/links': {
    access: 'groups.write',
    scoped: 'group',
    ok: 201,
    request: async (c) => post(`/api/groups/${await c.fresh.group(c.side)}/links`, { otherGroupId: at(c).otherGroup, kind: 'linked' }),
  },
  'DELETE /api/groups/{id}/links/{linkId}': {
    access: 'groups.write',
    scoped: 'link',
    ok: 204,
    request: async (c) => {
      const { group, link } = await c.fresh.link(c.side);
      return { method: 'DELETE', url: `/api/groups/${group}/links/${link}` };
    },
  },
  'GET /api/groups/{id}/members': { access: 'groups.read', scoped: 'group', ok: 200, request: (c) => get(`/api/groups/${at(c).group}/members?all=true`) },
  'POST /api/groups/{id}/members': {
    access: 'groups.write',
    scoped: 'group',
    ok: 201,
    request: async (c) => post(`/api/groups/${at(c).group}/members`, { confirmPastChange: true, personId: await c.fresh.person(c.side), role: 'member', from: '2022-01-01' }),
  },
  'POST /api/groups/{id}/members/{membershipId}/end': {
    access: 'groups.write',
    scoped: 'membership',
    ok: 200,
    request: async (c) => {
      const { group, membership } = await c.fresh.membership(c.side);
      return post(`/api/groups/${group}/members/${membership}/end`, { confirmPastChange: true, date: '2025-06-01' });
    },
  },
  'GET /api/groups/import/template': { access: 'groups.write', scoped: null, ok: 200, request: () => get('/api/groups/import/template') },
  'POST /api/groups/import': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'a preview whose row is refused (the number is held elsewhere) without naming who holds it',
    // A row in the caller's own village naming the side's person by CCCD: matched in scope, a row error outside it.
    request: (c) => ({ method: 'POST', url: '/api/groups/import?commit=false', body: groupSheet(c.fx.in.village.code, people[c.side]), contentType: csv }),
    verify: (a, _c, reaches) => {
      const r = a as { errorCount: number; people: { create: number } };
      if (r.errorCount !== (reaches ? 0 : 1)) return `${r.errorCount} row errors`;
      // In scope the person is matched, not made again (out of it, the row is an error and nothing is written).
      return !reaches || r.people.create === 0 ? null : 'the person would be made again';
    },
  },
  'POST /api/groups/import/errors': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'the sheet back with the row refused (the number is held elsewhere) without naming who holds it',
    // The same sheet as the preview's: the answer is the .xlsx, whose error column names no one.
    request: (c) => ({ method: 'POST', url: '/api/groups/import/errors', body: groupSheet(c.fx.in.village.code, people[c.side]), contentType: csv }),
  },

  // — people —
  'GET /api/people/': {
    access: 'groups.read',
    scoped: 'area',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty list: the list holds only people the caller’s scope reaches',
    request: (c) => get(`/api/people/?unitId=${at(c).village.id}`),
    verify: (a, c, reaches) => holds(a, at(c).person, reaches, 'the member of the area'),
  },
  'GET /api/people/export': {
    access: 'groups.read',
    scoped: 'area',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty sheet, as the list',
    request: (c) => get(`/api/people/export?unitId=${at(c).village.id}`),
  },
  'POST /api/people/': {
    access: 'groups.write',
    scoped: 'area',
    ok: 201,
    request: (c) => post('/api/people/', { fullName: `Người Mới ${c.fresh.n()}`, gender: 'female', birthYear: 1990, addressUnitId: at(c).village.id }),
  },
  'GET /api/people/duplicates': { access: 'groups.write', scoped: null, ok: 200, request: () => get('/api/people/duplicates') },
  'GET /api/people/{id}': { access: 'groups.read', scoped: 'person', ok: 200, request: (c) => get(`/api/people/${at(c).person}`) },
  'PATCH /api/people/{id}': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    request: (c) => ({ method: 'PATCH', url: `/api/people/${at(c).person}`, body: { occupation: `Nghề ${c.fresh.n()}` } }),
  },
  'GET /api/people/{id}/memberships': { access: 'groups.read', scoped: 'person', ok: 200, request: (c) => get(`/api/people/${at(c).person}/memberships`) },
  'POST /api/people/{id}/reveal-cccd': { access: 'people.reveal', scoped: 'person', ok: 200, request: (c) => post(`/api/people/${at(c).person}/reveal-cccd`) },
  'POST /api/people/{id}/merge': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    request: async (c) => {
      const [from, into] = [await c.fresh.person(c.side), await c.fresh.person(c.side)];
      return post(`/api/people/${from}/merge`, { intoId: into });
    },
  },

  'POST /api/people/search': {
    access: 'groups.read',
    scoped: 'person',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty page: a number held outside the scope finds no one',
    // The person of the side, by their whole number: found in scope, not found (and not named) outside it.
    request: (c) => post('/api/people/search', { cccd: people[c.side].cccd }),
    verify: (a, c, reaches) => holds(a, at(c).person, reaches, 'the holder of the number'),
  },
  'POST /api/people/export': {
    access: 'groups.read',
    scoped: 'person',
    ok: 200,
    outOfScope: 200,
    outOfScopeReason: 'an empty sheet, as the search',
    request: (c) => post('/api/people/export', { cccd: people[c.side].cccd }),
  },

  // — membership requests —
  'GET /api/membership-requests/sent': { access: 'groups.write', scoped: null, ok: 200, request: () => get('/api/membership-requests/sent') },
  'GET /api/membership-requests/incoming': {
    access: 'groups.write',
    scoped: null,
    ok: 200,
    discloses: 'the requesting group and officer, of another area: the requester chose to show them to the area that holds the person',
    request: () => get('/api/membership-requests/incoming'),
  },
  'POST /api/membership-requests/': {
    access: 'groups.write',
    scoped: 'group',
    ok: 201,
    request: (c) => post('/api/membership-requests/', { groupId: at(c).group, cccd: c.fresh.cccd('out'), fullName: 'Người Ở Nơi Khác', role: 'member', from: '2022-01-01', confirmPastChange: true }),
  },
  'POST /api/membership-requests/{id}/approve': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    discloses: 'the requesting group and officer, of another area: the requester chose to show them to the area that holds the person',
    request: async (c) => post(`/api/membership-requests/${await c.fresh.membershipRequest(c.side, 'incoming')}/approve`),
  },
  'POST /api/membership-requests/{id}/decline': {
    access: 'groups.write',
    scoped: 'person',
    ok: 200,
    discloses: 'the requesting group and officer, of another area: the requester chose to show them to the area that holds the person',
    request: async (c) => post(`/api/membership-requests/${await c.fresh.membershipRequest(c.side, 'incoming')}/decline`, { reason: 'Không đúng người.' }),
  },
  'POST /api/membership-requests/{id}/withdraw': {
    access: 'groups.write',
    scoped: 'group',
    ok: 200,
    request: async (c) => post(`/api/membership-requests/${await c.fresh.membershipRequest(c.side, 'sent')}/withdraw`),
  },

  // — census, dashboard —
  'GET /api/census/': {
    access: 'groups.read',
    scoped: 'area',
    ok: 200,
    outOfScope: 403,
    outOfScopeReason: 'OUT_OF_SCOPE: areas are public reference data, the census of one outside the scope is refused',
    request: (c) => get(`/api/census/?${areaQuery(c)}&date=2026-02`),
  },
  'GET /api/census/export': { access: 'groups.read', scoped: 'area', ok: 200, outOfScope: 403, outOfScopeReason: 'OUT_OF_SCOPE, as the census', request: (c) => get(`/api/census/export?${areaQuery(c)}&date=2026-02`) },
  'GET /api/census/document': { access: 'groups.read', scoped: 'area', ok: 200, outOfScope: 403, outOfScopeReason: 'OUT_OF_SCOPE, as the census', request: (c) => get(`/api/census/document?${areaQuery(c)}&date=2026-02`) },
  // Marking as reported is open to whoever reads the census; a new day each time, so each answer is a creation.
  'POST /api/census/reports': {
    access: 'groups.read',
    scoped: 'area',
    ok: 201,
    outOfScope: 403,
    outOfScopeReason: 'OUT_OF_SCOPE, as the census',
    request: (c) => post('/api/census/reports', { unit: at(c).village.code, date: new Date(Date.UTC(2021, 0, 1) + c.fresh.n() * 86_400_000).toISOString().slice(0, 10) }),
  },
  'GET /api/census/reports': { access: 'groups.read', scoped: 'area', ok: 200, outOfScope: 403, outOfScopeReason: 'OUT_OF_SCOPE, as the census', request: (c) => get(`/api/census/reports?${areaQuery(c)}`) },
  'GET /api/dashboard/': { access: 'groups.read', scoped: 'area', ok: 200, outOfScope: 403, outOfScopeReason: 'OUT_OF_SCOPE, as the census', request: (c) => get(`/api/dashboard/?${areaQuery(c)}&date=2026-02&months=3`) },
  'GET /api/dashboard/map': { access: 'groups.read', scoped: 'area', ok: 200, outOfScope: 403, outOfScopeReason: 'OUT_OF_SCOPE, as the census', request: (c) => get(`/api/dashboard/map?${areaQuery(c)}&date=2026-02`) },
};
