import type { Deps, RequestContext } from '../../context.js';
import { fail } from '../../lib/errors.js';
import { describeIssues, parseJsonFile, sha256, type Progress } from './import-support.js';
import { loadOfficialList, officialList } from './official-list.js';
import { importReform, reformFile } from './reform.js';

export type ImportKind = 'official_list' | 'reform';

export interface ImportOutcome {
  kind: ImportKind;
  added: number;
  ended: number;
  unchanged: number;
  links: number;
  villagesCarried: number;
  villagesQueued: number;
}

/** Tells the two files apart by their shape: the reform lists what each new unit merged. */
export function detectKind(doc: unknown): ImportKind {
  // Any JSON may arrive here: only an object in a `data` list can say it is a reform.
  const data = (doc as { data?: unknown } | null)?.data;
  const first = Array.isArray(data) ? (data[0] as unknown) : undefined;
  return typeof first === 'object' && first !== null && 'merges' in first ? 'reform' : 'official_list';
}

/** Imports an official list or a reform from the text of its JSON file; all or nothing. */
export async function importUnitsFile(
  deps: Deps,
  ctx: RequestContext | null,
  text: string,
  sourceName: string,
  expected?: ImportKind,
  progress?: Progress,
): Promise<ImportOutcome> {
  const doc = parseJsonFile(text);
  const kind = detectKind(doc);
  if (expected && kind !== expected) {
    fail('IMPORT_INVALID_FILE', {
      reason:
        expected === 'reform'
          ? { vi: 'đây là danh mục đơn vị hành chính, không phải tệp sắp xếp', en: 'this is the list of units, not a reorganisation file' }
          : { vi: 'đây là tệp sắp xếp đơn vị, không phải danh mục', en: 'this is a reorganisation file, not the list of units' },
    });
  }
  // Hashed in canonical form, so that the same content re-imported from the CLI or the web is recognised.
  const hash = sha256(JSON.stringify(doc));
  if (kind === 'reform') {
    const parsed = reformFile.safeParse(doc);
    if (!parsed.success) fail('IMPORT_INVALID_FILE', { reason: describeIssues(parsed.error.issues) });
    const r = await importReform(deps, ctx, parsed.data, { name: sourceName, hash }, progress);
    return {
      kind,
      added: r.unchanged ? 0 : r.added,
      ended: r.unchanged ? 0 : r.ended,
      unchanged: r.unchanged ? r.added : 0,
      links: r.unchanged ? 0 : r.links,
      villagesCarried: r.unchanged ? 0 : r.villagesCarried,
      villagesQueued: r.unchanged ? 0 : r.villagesQueued,
    };
  }
  const parsed = officialList.safeParse(doc);
  if (!parsed.success) fail('IMPORT_INVALID_FILE', { reason: describeIssues(parsed.error.issues) });
  const r = await loadOfficialList(deps, parsed.data, undefined, { ctx, source: { name: sourceName, hash }, progress });
  return { kind, added: r.added, ended: 0, unchanged: r.unchanged, links: 0, villagesCarried: 0, villagesQueued: 0 };
}
