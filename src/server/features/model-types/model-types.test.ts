import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

describe.each(engines)('model types (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};

  beforeAll(async () => {
    t = await createTestContext(engine);
    a.nat = await t.as('admin', null, 'qt.loai');
    a.nt = await t.as('admin', '58', 'qt.loai.nt');
    a.kh = await t.as('admin', '56', 'qt.loai.kh');
    a.ntOfficer = await t.as('commune_officer', '22738', 'cb.loai.nt');
    a.khStaff = await t.as('province_staff', '56', 'tinh.loai.kh');
  });
  afterAll(async () => t?.close());

  it('has the five types of the brief built in, with their report wording and member counting', async () => {
    const res = await a.ntOfficer!.get('/api/model-types');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((m: { code: string; name: string; reportNoun: string; countsMembers: boolean; builtIn: boolean }) => [m.code, m.name, m.reportNoun, m.countsMembers, m.builtIn])).toEqual([
      ['to-tu-quan', 'Tổ nhân dân tự quản', 'Tổ nhân dân tự quản', true, true],
      ['doi-dan-phong', 'Đội dân phòng', 'đội dân phòng', true, true],
      ['to-an-ninh-xung-kich', 'Tổ an ninh xung kích', 'tổ an ninh xung kích', true, true],
      ['toc-ho-tu-quan', 'Tộc họ tự quản về ANTT', 'tộc họ tự quản về ANTT', false, true],
      ['xu-dao-binh-yen', 'Xứ đạo bình yên', 'xứ đạo bình yên', true, true],
    ]);
    expect((await t.client().get('/api/model-types')).statusCode).toBe(401);
  });

  it('lets a province admin add its own type, seen in that province only', async () => {
    const res = await a.nt!.post('/api/model-types', { name: 'Camera an ninh', reportNoun: 'mô hình camera an ninh', countsMembers: false });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'camera-an-ninh', provinceCode: '58', builtIn: false, retiredOn: null });
    expect((await a.ntOfficer!.get('/api/model-types')).json().map((m: { code: string }) => m.code)).toContain('camera-an-ninh');
    expect((await a.khStaff!.get('/api/model-types')).json().map((m: { code: string }) => m.code)).not.toContain('camera-an-ninh');
    expect((await a.nat!.get('/api/model-types')).json().map((m: { code: string }) => m.code)).toContain('camera-an-ninh');
    const again = await a.nt!.post('/api/model-types', { name: 'Camera  an ninh', reportNoun: 'x' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'MODEL_TYPE_EXISTS']);
    const [row] = await t.auditRows('model_type.create');
    expect(row).toMatchObject({ entity_id: 'camera-an-ninh', actor_username: 'qt.loai.nt' });
  });

  it('edits and retires a province type; retired types are listed only on request and can come back', async () => {
    const made = (await a.nt!.post('/api/model-types', { code: 'cong-rao-an-ninh', name: 'Cổng rào an ninh', reportNoun: 'cổng rào an ninh' })).json();
    expect(made.code).toBe('cong-rao-an-ninh');
    const edited = await a.nt!.patch('/api/model-types/cong-rao-an-ninh', { reportNoun: 'mô hình cổng rào an ninh' });
    expect(edited.json().reportNoun).toBe('mô hình cổng rào an ninh');
    const retired = await a.nt!.post('/api/model-types/cong-rao-an-ninh/retire', { date: '2026-01-01' });
    expect(retired.json().retiredOn).toBe('2026-01-01');
    expect((await a.nt!.get('/api/model-types')).json().map((m: { code: string }) => m.code)).not.toContain('cong-rao-an-ninh');
    expect((await a.nt!.get('/api/model-types?includeRetired=true')).json().map((m: { code: string }) => m.code)).toContain('cong-rao-an-ninh');
    expect((await a.nt!.post('/api/model-types/cong-rao-an-ninh/restore')).json().retiredOn).toBeNull();
    expect((await t.auditRows()).filter((r) => r.action.startsWith('model_type.') && r.entity_id === 'cong-rao-an-ninh').map((r) => r.action)).toEqual([
      'model_type.create',
      'model_type.update',
      'model_type.retire',
      'model_type.restore',
    ]);
  });

  it('keeps built-in types and other provinces’ types out of reach', async () => {
    const builtIn = await a.nat!.patch('/api/model-types/doi-dan-phong', { name: 'Đổi tên' });
    expect([builtIn.statusCode, builtIn.json().error.code]).toEqual([409, 'MODEL_TYPE_BUILT_IN']);
    expect((await a.nat!.post('/api/model-types/to-tu-quan/retire', { date: '2026-01-01' })).json().error.code).toBe('MODEL_TYPE_BUILT_IN');
    const other = await a.kh!.patch('/api/model-types/camera-an-ninh', { name: 'Của tỉnh khác' });
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'MODEL_TYPE_NOT_FOUND']);
    expect((await a.kh!.post('/api/model-types/camera-an-ninh/retire', { date: '2026-01-01' })).statusCode).toBe(404);
    const national = (await a.nat!.post('/api/model-types', { name: 'Mô hình toàn quốc', reportNoun: 'mô hình toàn quốc' })).json();
    expect(national.provinceCode).toBeNull();
    const scoped = await a.nt!.patch(`/api/model-types/${national.code}`, { name: 'Sửa trộm' });
    expect([scoped.statusCode, scoped.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    for (const c of [a.ntOfficer!, a.khStaff!]) {
      expect((await c.post('/api/model-types', { name: 'Không được', reportNoun: 'x' })).statusCode).toBe(403);
    }
    expect((await a.nat!.post('/api/model-types', { code: 'Sai Mã', name: 'x', reportNoun: 'x' })).statusCode).toBe(400);
  });
});
