import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../src/server/lib/errors.js';
import { BOUNDARY_FILE_LIMIT, importBoundaries, type BoundaryImportOutcome } from '../../src/server/features/dashboard/boundary-import.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../database.js';

const LEVEL_NAMES: Record<string, string> = { province: 'tỉnh / provinces', district: 'huyện / districts', commune: 'xã / communes', village: 'thôn / villages' };
const n = (v: number) => v.toLocaleString('vi-VN');

function report(file: string, o: BoundaryImportOutcome): void {
  console.log(`Đã lưu ranh giới / boundaries stored from ${file}: ${n(o.units)} (thay thế / replaced: ${n(o.replaced)})`);
  for (const [level, count] of Object.entries(o.byLevel)) console.log(`  ${(LEVEL_NAMES[level] ?? level).padEnd(22)} ${n(count)}`);
  const kb = (b: number) => `${n(Math.round(b / 1024))} KB`;
  console.log(`Dung lượng / size: ${kb(o.sourceBytes)} → ${kb(o.storedBytes)} sau khi đơn giản hóa / after simplification`);
}

export const importBoundariesCommand: Command = {
  name: 'import-boundaries',
  summary:
    'Imports unit boundaries from a GeoJSON FeatureCollection (properties.code, optional properties.validOn; Polygon or MultiPolygon, WGS84); all or nothing; a unit imported again is replaced.',
  usage: 'import-boundaries <file.geojson> [--date YYYY-MM-DD]',
  options: { date: { type: 'string' } },
  positionals: true,
  async run(values, positionals = []) {
    const file = positionals[0];
    if (!file) throw new UsageError('Name the GeoJSON file to import.');
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      throw new UsageError(`Cannot read ${file}.`);
    }
    if (size > BOUNDARY_FILE_LIMIT) throw new UsageError(`${file} is larger than ${BOUNDARY_FILE_LIMIT / 1024 / 1024} MB.`);
    const text = await readFile(file, 'utf8');
    const date = values.date as string | undefined;
    await withDatabase(async (deps) => {
      try {
        report(basename(file), await importBoundaries(deps, null, text, basename(file), date ? { date } : {}));
      } catch (error) {
        const problems = error instanceof AppError ? (error.details as { problems?: { vi: string; en: string }[] } | undefined)?.problems : undefined;
        if (!problems) throw error;
        console.error(`Không lưu ranh giới nào / no boundary stored: ${n(problems.length)} lỗi / problems`);
        for (const p of problems) console.error(`- ${p.vi}\n  ${p.en}`);
        throw new Error('Sửa tệp rồi nhập lại / fix the file and import it again.');
      }
    });
  },
};
