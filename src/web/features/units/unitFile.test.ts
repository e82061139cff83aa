import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeUnitsFile, parseUnitsFile } from './unitFile.js';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../data/admin-units');
const load = (name: string) => parseUnitsFile(readFileSync(join(dataDir, name), 'utf8'))!.doc;

describe('units files read in the browser', () => {
  it('recognises the official list and counts its levels', () => {
    expect(describeUnitsFile(load('vn-units-2025-03-01.json'))).toEqual({
      kind: 'official_list',
      provinces: 63,
      districts: 696,
      communes: 10047,
      dataDate: '2025-03-01',
    });
  });

  it('recognises the 2025 reform', () => {
    const summary = describeUnitsFile(load('vn-reform-2025-07-01.json'));
    expect(summary).toMatchObject({ kind: 'reform', provinces: 34, communes: 3321 });
  });

  it('says when it cannot tell, and when the text is not JSON', () => {
    expect(describeUnitsFile({ hello: 'world' })).toEqual({ kind: 'unknown' });
    expect(describeUnitsFile({ data: [{ id: 1 }] })).toEqual({ kind: 'unknown' });
    expect(describeUnitsFile([])).toEqual({ kind: 'unknown' });
    expect(parseUnitsFile('{"data": [')).toBeNull();
    expect(parseUnitsFile('\ufeff{"a":1}')).toEqual({ doc: { a: 1 } });
  });
});
