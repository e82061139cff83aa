import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../database.js';
import { verifyChain, type ChainReport } from '../../src/server/audit/chain.js';

/** The report as an operator reads it: what was checked, the head to write down, what is wrong. */
export function describeReport(r: ChainReport): string[] {
  const lines = [`Checked ${r.checked} audit rows.`];
  lines.push(r.head ? `Head: row ${r.head.seq}, hash ${r.head.hash}` : 'Head: none (the audit log is empty).');
  lines.push(r.head ? `  (write it down; later: npm run cli -- audit verify --head ${r.head.seq}:${r.head.hash})` : '');
  if (r.ok) {
    lines.push('The chain is whole: no row is missing, altered or out of place.');
    return lines.filter(Boolean);
  }
  const first = r.problems[0]!;
  lines.push(`BROKEN: ${r.problemCount} problem(s). The first broken link: ${label(first)}`);
  for (const p of r.problems) lines.push(`  - ${label(p)}`);
  if (r.problemCount > r.problems.length) lines.push(`  … and ${r.problemCount - r.problems.length} more.`);
  return lines.filter(Boolean);
}

function label(p: ChainReport['problems'][number]): string {
  const where = [p.seq !== null ? `seq ${p.seq}` : null, p.id ? `id ${p.id}` : null].filter(Boolean).join(', ');
  return `${p.kind.replace('_', ' ')}${where ? ` (${where})` : ''}: ${p.detail}`;
}

function parseHead(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new UsageError('--head must be <seq>:<hash>, as printed by an earlier run (e.g. 1234:9f86d0…, 64 hex digits).');
  return { seq: Number(m[1]), hash: m[2]! };
}

export const audit: Command = {
  name: 'audit',
  summary: 'audit verify: walks the audit log’s hash chain; prints the rows checked and the head, reports the first broken link and exits non-zero.',
  usage: 'audit verify [--head <seq>:<hash>]',
  options: { head: { type: 'string' } },
  positionals: true,
  async run(values, positionals = []) {
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError('Say what to do: audit verify.');
    const recordedHead = typeof values.head === 'string' ? parseHead(values.head) : undefined;
    const report = await withDatabase((deps) => verifyChain(deps.db, { recordedHead }));
    for (const line of describeReport(report)) console.log(line);
    if (!report.ok) throw new Error(`the audit chain is broken (${report.problemCount} problem(s)); see above.`);
  },
};
