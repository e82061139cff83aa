import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';

const WRONG = 'Sai-mat-khau-999';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Each test uses its own addresses, so that counters of one test never reach another. */
let ipCounter = 0;
function nextIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function expectThrottled(res: LightMyRequestResponse, seconds: number) {
  expect(res.statusCode).toBe(429);
  expect(res.json().error.code).toBe('LOGIN_THROTTLED');
  expect(res.json().error.details).toEqual({ retryAfterSeconds: seconds });
  expect(res.headers['retry-after']).toBe(String(seconds));
  expect(res.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
}

describe.each(engines)('chống dò mật khẩu (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  async function failTimes(c: TestClient, username: string, n: number) {
    for (let i = 0; i < n; i++) {
      const res = await c.login(username, WRONG);
      expect(res.statusCode, `failure ${i + 1}`).toBe(401);
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
  }

  it('after 5 failures in 15 minutes the account and address pair gets 429 with the wait in details and Retry-After', async () => {
    const u = await t.makeUser('commune_officer', '22738');
    const ip = nextIp();
    const c = t.client('vi', ip);
    // Spread over 14 minutes: still "within 15 minutes".
    for (let i = 0; i < 5; i++) {
      if (i > 0) t.clock.advance(3.5 * MINUTE);
      expect((await c.login(u.username, WRONG)).statusCode).toBe(401);
    }
    const res = await c.login(u.username, WRONG);
    expectThrottled(res, 30);
    expect(res.json().error.message).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 30 giây.');

    const en = await t.client('en', ip).login(u.username, WRONG);
    expectThrottled(en, 30);
    expect(en.json().error.message).toBe('Too many failed logins. Try again in 30 seconds.');
  });

  it('refuses even the right password while the pair waits, does not count those attempts, and lets it in after the wait', async () => {
    const u = await t.makeUser('viewer', '58');
    const c = t.client('vi', nextIp());
    await failTimes(c, u.username, 5);

    expectThrottled(await c.login(u.username, TEST_PASSWORD), 30);
    t.clock.advance(10 * SECOND);
    // The refused attempts did not make the wait longer.
    expectThrottled(await c.login(u.username, TEST_PASSWORD), 20);
    expectThrottled(await c.login(u.username, WRONG), 20);
    t.clock.advance(19 * SECOND);
    expectThrottled(await c.login(u.username, TEST_PASSWORD), 1);
    t.clock.advance(1 * SECOND);
    const ok = await c.login(u.username, TEST_PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(u.id);

    // Only the five real failures were recorded.
    const failed = (await t.auditRows('auth.login_failed')).filter((r) => r.entity_id === u.id);
    expect(failed).toHaveLength(5);
  });

  it('makes the wait grow with each further failure (30 s, 60 s, … at most 15 minutes) and keeps it there while the guessing goes on', async () => {
    const u = await t.makeUser('viewer', '56');
    const c = t.client('vi', nextIp());
    await failTimes(c, u.username, 5);

    const waits: number[] = [];
    const start = t.clock.ms;
    // A guesser who tries again the moment he may, for three hours.
    while (t.clock.ms - start < 3 * HOUR) {
      const refused = await c.login(u.username, WRONG);
      expect(refused.statusCode).toBe(429);
      const wait = refused.json().error.details.retryAfterSeconds as number;
      waits.push(wait);
      t.clock.advance((wait - 1) * SECOND);
      expectThrottled(await c.login(u.username, TEST_PASSWORD), 1);
      t.clock.advance(1 * SECOND);
      // Allowed to try once, and wrong again.
      expect((await c.login(u.username, WRONG)).statusCode).toBe(401);
    }
    expect(waits.slice(0, 6)).toEqual([30, 60, 120, 240, 480, 900]);
    expect(waits.length).toBeGreaterThan(10);
    expect(waits.slice(5)).toEqual(waits.slice(5).map(() => 900));
  });

  it('does not block the same account from another address', async () => {
    const u = await t.makeUser('group_leader', '22741');
    const attacker = t.client('vi', nextIp());
    await failTimes(attacker, u.username, 5);
    expectThrottled(await attacker.login(u.username, TEST_PASSWORD), 30);

    const owner = t.client('vi', nextIp());
    const res = await owner.login(u.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    // The owner's success does not free the attacker's address.
    expectThrottled(await attacker.login(u.username, TEST_PASSWORD), 30);
    // Nor does the attacker's address block another account.
    const other = await t.makeUser('viewer', '58');
    expect((await attacker.login(other.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('counts the username in any letter case as the same account, and throttles unknown usernames too', async () => {
    const u = await t.makeUser('viewer', '58', 'Tran.Thi.Binh');
    const c = t.client('vi', nextIp());
    for (const typed of ['TRAN.THI.BINH', 'tran.thi.binh', 'Tran.Thi.Binh', 'tRAN.tHI.bINH', 'TRAN.thi.binh']) {
      expect((await c.login(typed, WRONG)).statusCode).toBe(401);
    }
    expectThrottled(await c.login(u.username, TEST_PASSWORD), 30);

    const guesser = t.client('vi', nextIp());
    await failTimes(guesser, 'khong-co-nguoi-nay', 5);
    expectThrottled(await guesser.login('khong-co-nguoi-nay', WRONG), 30);
  });

  it('cleans the counter 15 minutes after the last failure', async () => {
    const u = await t.makeUser('viewer', '56');
    const c = t.client('vi', nextIp());
    await failTimes(c, u.username, 5);
    expectThrottled(await c.login(u.username, WRONG), 30);

    t.clock.advance(15 * MINUTE + 1 * SECOND);
    // Five fresh failures are allowed again before the pair waits.
    await failTimes(c, u.username, 5);
    expectThrottled(await c.login(u.username, TEST_PASSWORD), 30);
  });

  it('clears the pair’s counter on a successful login', async () => {
    const u = await t.makeUser('viewer', '58');
    const c = t.client('vi', nextIp());
    await failTimes(c, u.username, 4);
    expect((await c.login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    await failTimes(c, u.username, 4);
    expect((await c.login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('lets an account take at most 100 failures an hour across all addresses, then refuses every address until the hour has passed', async () => {
    const u = await t.makeUser('admin', null);
    // 100 failures from 100 addresses, one every 30 seconds: 49.5 minutes.
    for (let i = 0; i < 100; i++) {
      if (i > 0) t.clock.advance(30 * SECOND);
      const res = await t.client('vi', nextIp()).login(u.username, WRONG);
      expect(res.statusCode, `failure ${i + 1}`).toBe(401);
    }
    // A new address, and the right password: refused until the first failure is an hour old.
    const fresh = t.client('vi', nextIp());
    expectThrottled(await fresh.login(u.username, TEST_PASSWORD), 3600 - 99 * 30);
    expectThrottled(await t.client('en', nextIp()).login(u.username.toUpperCase(), TEST_PASSWORD), 630);

    // Other accounts are not affected.
    const other = await t.makeUser('viewer', '56');
    expect((await t.client('vi', nextIp()).login(other.username, TEST_PASSWORD)).statusCode).toBe(200);

    t.clock.advance(629 * SECOND);
    expectThrottled(await fresh.login(u.username, TEST_PASSWORD), 1);
    t.clock.advance(1 * SECOND);
    const ok = await fresh.login(u.username, TEST_PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(u.id);
  });

  it('lets the account in again an hour after 100 failures made at once', async () => {
    const u = await t.makeUser('viewer', null);
    for (let i = 0; i < 100; i++) {
      expect((await t.client('vi', nextIp()).login(u.username, WRONG)).statusCode).toBe(401);
    }
    expectThrottled(await t.client('vi', nextIp()).login(u.username, TEST_PASSWORD), 3600);
    t.clock.advance(HOUR);
    expect((await t.client('vi', nextIp()).login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });
});
