import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestContext } from '../test/harness.js';
import { declarations } from './authorization.declarations.js';
import { buildWorld, documentedOperations, outsideNames, type SecurityWorld } from './fixture.js';
import { actors, expected, sidesOf, withMatrix, type CheckContext } from './matrix.js';

/**
 * Every operation of the OpenAPI document, as every actor of the matrix, on an object in the
 * caller's area and one in another province: the answer must be the one declared in
 * authorization.declarations.ts, an error must be `{ error: { code, message } }`, and no answer
 * to a scoped caller may name what lies in the other province. Objects an operation spends (a
 * status changed, a link removed) are made for the check alone.
 */
describe.each(engines)('authorization matrix (%s)', (engine) => {
  let t: TestContext;
  let w: SecurityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await buildWorld(t);
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
    const { fx } = w;
    // What a scoped caller must never read: the objects of the other province (units are public reference data).
    const hidden = [fx.out.group, fx.out.otherGroup, fx.out.person, fx.out.membership, fx.out.user, ...outsideNames];
    const failures: string[] = [];
    let sent = 0;
    for (const [operation, d] of Object.entries(declarations)) {
      if (!documented.has(operation)) continue;
      for (const actor of actors) {
        for (const side of sidesOf(d)) {
          const want = expected(operation, d, actor, side);
          const mayAct = !['anonymous', 'permission', 'pending'].includes(want.why);
          let session = actor.role === null ? null : w.sessions.get(actor.key)!;
          if (session && d.freshActor) session = await w.newSession(actor, d.freshActor === 'session' ? session.username : undefined);
          const client = session?.client ?? null;
          const context: CheckContext = { fx, side, actor, fresh: w.freshFor(client, mayAct) };
          const req = await d.request(context);
          const res = await w.send(client, req);
          sent++;
          const label = `${operation} as ${actor.key} (${side}): ${req.method} ${req.url}`;
          if (res.statusCode !== want.status) {
            failures.push(`${label} → expected ${want.status} (${want.why}), got ${res.statusCode} ${res.body.slice(0, 300)}`);
            continue;
          }
          if (d.verify && res.statusCode < 300) {
            const problem = d.verify(res.json(), context, side === 'in' || actor.scope === 'nation');
            if (problem) failures.push(`${label} → ${problem}: ${res.body.slice(0, 300)}`);
          }
          if (res.statusCode >= 400) {
            const body = res.json() as { error?: { code?: unknown; message?: unknown } };
            if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${label} → ${res.statusCode} without { error: { code, message } }: ${res.body.slice(0, 200)}`);
          }
          if (!d.discloses && actor.scope !== 'nation' && actor.role !== null && (res.headers['content-type'] ?? '').toString().includes('json')) {
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
});

describe('docs/security.md', () => {
  it('holds the authorization matrix the declarations make', () => {
    const doc = readFileSync(resolve('docs/security.md'), 'utf8');
    expect(doc === withMatrix(doc, declarations), 'docs/security.md’s matrix is not what the declarations make: run `npx tsx scripts/security-matrix.ts`').toBe(true);
  });
});
