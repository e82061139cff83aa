import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { Database } from '../../db/types.js';
import { fail, fieldReasons, isFieldReason } from '../../lib/errors.js';
import { inspectBody, MAX_DEPTH } from '../../lib/json-shape.js';

/** Reports how far a long import has come: a phase name, and done out of total. */
export type Progress = (phase: string, done: number, total: number) => void;

/** The smaller of the two engines' limits on parameters in one statement (SQLite's; PostgreSQL allows 65,535). */
const MAX_PARAMETERS = 32_766;

/**
 * Inserts rows in multi-row statements, each as large as the engines' limit on parameters
 * allows (or `size` rows at most). The statement's text is made by hand, not by the query
 * builder for every value: on a long import that building cost more than the database's work.
 * The rows may be made as they are taken (a generator), so that a long import never holds
 * them all. Columns null in every row of a statement are left out (no table written this
 * way has another default).
 */
export async function insertInChunks<T extends keyof Database>(db: Db, table: T, rows: Iterable<Database[T]>, progress: (done: number) => void, size = Infinity): Promise<void> {
  let batch: Record<string, unknown>[] = [];
  let perStatement = 0;
  let done = 0;
  const texts = new Map<string, string>();
  const flush = async () => {
    await insertRows(db, table, batch, texts);
    progress((done += batch.length));
    batch = [];
    // better-sqlite3 works synchronously: yield now and then so that other requests are served.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (const row of rows as Iterable<Record<string, unknown>>) {
    perStatement ||= Math.max(1, Math.min(size, Math.floor(MAX_PARAMETERS / Object.keys(row).length)));
    batch.push(row);
    if (batch.length === perStatement) await flush();
  }
  if (batch.length > 0) await flush();
}

/** One multi-row INSERT; its text is kept for the next batch of the same shape. */
async function insertRows(db: Db, table: keyof Database, rows: Record<string, unknown>[], texts: Map<string, string>): Promise<void> {
  const all = Object.keys(rows[0]!);
  const columns = all.filter((c) => rows.some((r) => r[c] != null));
  if (columns.length === 0) columns.push(all[0]!);
  const shape = `${columns.join()}|${rows.length}`;
  let text = texts.get(shape);
  if (text === undefined) {
    // One row compiled by the query builder gives the dialect's quoting and placeholders.
    const one = db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, null])) as never).compile().sql;
    const numbered = one.includes('$1');
    const tuples: string[] = [];
    for (let r = 0, p = 1; r < rows.length; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns.length; c++, p++) marks.push(numbered ? `$${p}` : '?');
      tuples.push(`(${marks.join(', ')})`);
    }
    text = `${one.slice(0, one.lastIndexOf(' values '))} values ${tuples.join(', ')}`;
    texts.set(shape, text);
  }
  const params: unknown[] = [];
  for (const row of rows) for (const c of columns) params.push(row[c] ?? null);
  await db.executeQuery(CompiledQuery.raw(text, params));
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses an uploaded JSON document, refusing anything else with a clear error. */
export function parseJsonFile(text: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail('IMPORT_INVALID_FILE', {
      reason: { vi: `không phải JSON hợp lệ (${(error as Error).message})`, en: `not valid JSON (${(error as Error).message})` },
    });
  }
  // A file from the command line does not pass the API's body guard: the same limits here, so
  // that nothing below (the canonical hash, the schema) meets a document deeper than the stack.
  const shape = inspectBody(doc, 'file');
  if (!shape.ok) {
    fail('IMPORT_INVALID_FILE', {
      reason: {
        vi: `lồng nhau quá sâu (quá ${MAX_DEPTH} tầng), quá nhiều phần tử hoặc có ký tự hỏng`,
        en: `nested too deeply (over ${MAX_DEPTH} levels), too many elements, or broken characters`,
      },
    });
  }
  return doc;
}

/** Turns a schema failure into an error that names where the file is wrong. */
export function describeIssues(issues: { path: PropertyKey[]; message: string }[]): { vi: string; en: string } {
  // A shared schema's reason key (fieldReasons) is told in words, in each language.
  const say = (lang: 'vi' | 'en') =>
    issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(gốc)'}: ${isFieldReason(i.message) ? fieldReasons[i.message][lang] : i.message}`)
      .join('; ');
  return { vi: `sai cấu trúc ở ${say('vi')}`, en: `wrong structure at ${say('en')}` };
}
