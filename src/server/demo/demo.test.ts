import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';
import { DEMO_PASSWORD, loadDemo } from './load.js';

describe.each(engines)('the demo of Ninh Thuận (%s)', (engine) => {
  let t: TestContext;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    await loadDemo(t.deps);
    staff = t.client();
    expect((await staff.login('tinh.khanhhoa', DEMO_PASSWORD)).statusCode).toBe(200);
  }, 300_000);
  afterAll(async () => t?.close());

  it('prints the brief’s census for April 2018, character for character', async () => {
    const res = await staff.get('/api/census?unit=58&date=2018-04');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sentence).toBe(
      'Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản với 4.425 thành viên, 20 đội dân phòng với 373 thành viên, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về ANTT.',
    );
  });

  it('counts other dates differently: founded later, dissolved, the parishes from 2019', async () => {
    const later = (await staff.get('/api/census?unit=56&date=2026-01-01')).json();
    const row = (code: string) => later.rows.find((r: { type: { code: string } }) => r.type.code === code);
    expect(row('to-tu-quan').groups).toBe(2596 + 60);
    expect(row('xu-dao-binh-yen').groups).toBe(12);
    const before = (await staff.get('/api/census?unit=58&date=2015-01-01')).json();
    expect(before.rows.find((r: { type: { code: string } }) => r.type.code === 'to-tu-quan').groups).toBeLessThan(2596);
  });

  it('is the same when loaded again', async () => {
    const count = async () => Number((await t.deps.db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    await loadDemo(t.deps);
    expect(await count()).toBe(n);
  });
});
