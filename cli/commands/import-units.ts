import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importUnitsFile, type ImportKind, type ImportOutcome } from '../../src/server/features/units/imports.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../database.js';

function report(o: ImportOutcome): void {
  console.log(`Thêm mới / added:        ${o.added.toLocaleString('vi-VN')}`);
  console.log(`Kết thúc / ended:        ${o.ended.toLocaleString('vi-VN')}`);
  console.log(`Không đổi / unchanged:   ${o.unchanged.toLocaleString('vi-VN')}`);
  if (o.kind === 'reform') {
    console.log(`Liên kết / links:        ${o.links.toLocaleString('vi-VN')}`);
    console.log(`Thôn chuyển theo / villages carried over: ${o.villagesCarried.toLocaleString('vi-VN')}`);
    console.log(`Thôn chờ xếp / villages queued for placement: ${o.villagesQueued.toLocaleString('vi-VN')}`);
  }
}

function importCommand(name: string, kind: ImportKind, summary: string): Command {
  return {
    name,
    summary,
    usage: `${name} <file.json>`,
    options: {},
    positionals: true,
    async run(values, positionals = []) {
      const file = positionals[0];
      if (!file) throw new UsageError('Name the JSON file to import.');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new UsageError(`Cannot read ${file}.`);
      }
      await withDatabase(async (deps) => {
        let last = '';
        const outcome = await importUnitsFile(deps, null, text, basename(file), kind, (phase, done, total) => {
          const line = `${phase} ${Math.floor((done / Math.max(total, 1)) * 100)}%`;
          if (line !== last && process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(30)}`);
          last = line;
        });
        if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(31) + '\r');
        report(outcome);
      });
      void values;
    },
  };
}

export const importUnits = importCommand(
  'import-units',
  'official_list',
  'Imports the official list of administrative units (provinces, districts, communes); re-importing changes nothing.',
);
export const importReformCommand = importCommand(
  'import-reform',
  'reform',
  'Imports a reorganisation (e.g. the 2025 reform) as lineage: old units end, new ones begin; re-importing changes nothing.',
);
