/**
 * The shape of parsed JSON, checked without recursion: what the API's body guard
 * (http/text-guard.ts) and the units import (a file given to the command line) both refuse.
 */

// NUL and unpaired surrogates: PostgreSQL refuses the first and both engines would silently
// replace the second, so such text is refused on the way in, the same on both engines.
const malformed = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any form or import file (the official list of units is 8 levels deep). */
export const MAX_DEPTH = 64;
/** Values in one body: the largest import file (30 MB of units) holds about a million. */
export const MAX_NODES = 2_000_000;

export type BodyVerdict = { ok: true } | { ok: false; reason: 'depth' | 'nodes' } | { ok: false; reason: 'malformed'; path: string };

/**
 * Walks a parsed body without recursion (a 1 MB body of `[[[[…` is half a million levels deep,
 * far past the call stack): refuses it past MAX_DEPTH levels or MAX_NODES values, and finds the
 * first string with malformed Unicode. The path is built only for the string that is refused.
 */
export function inspectBody(root: unknown, rootPath: string): BodyVerdict {
  if (typeof root === 'string') return malformed.test(root) ? { ok: false, reason: 'malformed', path: rootPath } : { ok: true };
  if (!isContainer(root)) return { ok: true };
  // Only containers are stacked; each remembers where it came from, for the path of a refusal.
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: rootPath }];
  let nodes = 1;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const container = frame.value as Record<string, unknown>;
    const keys = Array.isArray(container) ? null : Object.keys(container);
    const length = keys ? keys.length : (container as unknown as unknown[]).length;
    nodes += length;
    if (nodes > MAX_NODES) return { ok: false, reason: 'nodes' };
    for (let i = 0; i < length; i++) {
      const value = keys ? container[keys[i]!] : (container as unknown as unknown[])[i];
      if (typeof value === 'string') {
        if (malformed.test(value)) return { ok: false, reason: 'malformed', path: pathOf({ value, depth: 0, parent: frame, key: keys ? keys[i]! : String(i) }) };
      } else if (isContainer(value)) {
        if (frame.depth + 1 >= MAX_DEPTH) return { ok: false, reason: 'depth' };
        stack.push({ value, depth: frame.depth + 1, parent: frame, key: keys ? keys[i]! : String(i) });
      }
    }
  }
  return { ok: true };
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

// A spreadsheet arrives as a Buffer: bytes, not text (its reader checks them).
function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value);
}

function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
}
