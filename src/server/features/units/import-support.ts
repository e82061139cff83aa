import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import type { Database } from '../../db/types.js';
import { fail } from '../../lib/errors.js';

/** Reports how far a long import has come: a phase name, and done out of total. */
export type Progress = (phase: string, done: number, total: number) => void;

/** Inserts rows in chunks small enough for both engines' limits on statement parameters. */
export async function insertInChunks<T extends keyof Database>(db: Db, table: T, rows: Database[T][], progress: (done: number) => void, size = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
    progress(Math.min(i + size, rows.length));
    // better-sqlite3 works synchronously: yield now and then so that other requests are served.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses an uploaded JSON document, refusing anything else with a clear error. */
export function parseJsonFile(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail('IMPORT_INVALID_FILE', {
      reason: { vi: `không phải JSON hợp lệ (${(error as Error).message})`, en: `not valid JSON (${(error as Error).message})` },
    });
  }
}

/** Turns a schema failure into an error that names where the file is wrong. */
export function describeIssues(issues: { path: PropertyKey[]; message: string }[]): { vi: string; en: string } {
  const first = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(gốc)'}: ${i.message}`).join('; ');
  return { vi: `sai cấu trúc ở ${first}`, en: `wrong structure at ${first}` };
}
