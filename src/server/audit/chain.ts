import type { Db } from '../db/connection.js';
import { GENESIS, rowHash } from './chain-format.js';
import { chainPage, unchainedCount } from './queries.js';

export type ChainProblemKind = 'missing' | 'broken_link' | 'altered' | 'unchained' | 'head_mismatch' | 'truncated';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The row where it shows (the first row after a gap, for `missing`). */
  seq: number | null;
  id: string | null;
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows walked, in sequence order. */
  checked: number;
  /** The last row: write it down; a later run given it proves the tail was not cut off. */
  head: { seq: number; hash: string } | null;
  /** Problems in chain order (the first is the first broken link); at most `limit`. */
  problems: ChainProblem[];
  /** All problems found, when more than the list holds. */
  problemCount: number;
}

export interface VerifyOptions {
  /** A head recorded earlier (`seq` and `hash`): the chain must still hold that row unchanged. */
  recordedHead?: { seq: number; hash: string };
  /** Rows read per query (keyset pages in sequence order). */
  pageSize?: number;
  /** Problems kept in the report. */
  limit?: number;
}

/**
 * Walks the audit chain in sequence order, a page at a time (memory does not grow with the
 * table), and checks each row: its sequence follows the previous one (else rows are missing),
 * it names the previous row's hash (else the link is broken), and its own hash matches its
 * content (else it was altered). After a problem the walk goes on from the row as stored, so
 * that every damaged place is reported, not only the first.
 */
export async function verifyChain(db: Db, options: VerifyOptions = {}): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 2000;
  const limit = options.limit ?? 100;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (p: ChainProblem) => {
    problemCount++;
    if (problems.length < limit) problems.push(p);
  };

  let checked = 0;
  let prevSeq = 0;
  let prevHash = GENESIS;
  let head: ChainReport['head'] = null;
  let sawRecorded = false;
  for (;;) {
    const rows = await chainPage(db, prevSeq, pageSize);
    for (const r of rows) {
      const seq = Number(r.seq);
      checked++;
      if (seq !== prevSeq + 1) {
        const gap = seq - prevSeq - 1;
        report({
          kind: 'missing',
          seq,
          id: r.id,
          detail: gap === 1 ? `row ${prevSeq + 1} is missing (before row ${seq})` : `rows ${prevSeq + 1}–${seq - 1} are missing (${gap} rows, before row ${seq})`,
        });
      } else if (r.prev_hash !== prevHash) {
        report({ kind: 'broken_link', seq, id: r.id, detail: `row ${seq} does not name the hash of row ${prevSeq} as its previous` });
      }
      if (r.hash !== rowHash({ ...r, seq, prev_hash: r.prev_hash ?? '' })) {
        report({ kind: 'altered', seq, id: r.id, detail: `row ${seq} does not match its hash: its content was changed` });
      }
      if (options.recordedHead && seq === options.recordedHead.seq) {
        sawRecorded = true;
        if (r.hash !== options.recordedHead.hash) {
          report({ kind: 'head_mismatch', seq, id: r.id, detail: `row ${seq} has hash ${r.hash ?? 'none'}, not the recorded ${options.recordedHead.hash}` });
        }
      }
      prevSeq = seq;
      prevHash = r.hash ?? '';
      head = { seq, hash: r.hash ?? '' };
    }
    if (rows.length < pageSize) break;
  }
  if (options.recordedHead && !sawRecorded) {
    report({
      kind: 'truncated',
      seq: options.recordedHead.seq,
      id: null,
      detail: `the recorded head, row ${options.recordedHead.seq}, is gone: the chain ends at row ${prevSeq}`,
    });
  }
  const unchained = await unchainedCount(db);
  if (unchained > 0) {
    report({ kind: 'unchained', seq: null, id: null, detail: `${unchained} row(s) carry no sequence number: written past the chain` });
  }
  return { ok: problemCount === 0, checked, head, problems, problemCount };
}
