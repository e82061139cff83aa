import { describe, expect, it } from 'vitest';
import { inspectBody, MAX_DEPTH, MAX_NODES } from './text-guard.js';

/** `[[[…]]]` n levels deep, built without recursion. */
function nestedArray(n: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

describe('the body guard walks without recursion', () => {
  it('takes ordinary bodies, as deep as the limit', () => {
    expect(inspectBody({ fullName: 'Nguyễn Văn An', tags: ['a', { b: [1, 2, null, true] }] }, 'body')).toEqual({ ok: true });
    expect(inspectBody(nestedArray(MAX_DEPTH), 'body')).toEqual({ ok: true });
    expect(inspectBody(undefined, 'body')).toEqual({ ok: true });
    expect(inspectBody(Buffer.alloc(3_000_000, 1), 'body')).toEqual({ ok: true });
  });

  it('refuses one level past the limit, and half a million levels without overflowing the stack', () => {
    expect(inspectBody(nestedArray(MAX_DEPTH + 1), 'body')).toEqual({ ok: false, reason: 'depth' });
    expect(inspectBody(nestedArray(500_000), 'body')).toEqual({ ok: false, reason: 'depth' });
    let o: unknown = 1;
    for (let i = 0; i < 200_000; i++) o = { a: o };
    expect(inspectBody(o, 'body')).toEqual({ ok: false, reason: 'depth' });
  });

  it('refuses more values than the limit, however flat', () => {
    expect(inspectBody(new Array(MAX_NODES).fill(0), 'body')).toEqual({ ok: false, reason: 'nodes' });
    expect(inspectBody(new Array(MAX_NODES - 1).fill(0), 'body')).toEqual({ ok: true });
  });

  it('names the path of the first malformed string', () => {
    expect(inspectBody({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body')).toEqual({ ok: false, reason: 'malformed', path: 'body.a.1.c' });
    expect(inspectBody({ q: '\ud800' }, 'querystring')).toEqual({ ok: false, reason: 'malformed', path: 'querystring.q' });
    expect(inspectBody({ q: '\ud83d\udc6e' }, 'querystring')).toEqual({ ok: true });
  });
});
