import { describe, expect, it } from 'vitest';
import type { ModelTypesTable } from '../../db/types.js';
import { mapColumns, recognise, sheetShape } from './sheet-import-columns.js';
import { placeKey } from './sheet-import-areas.js';
import { roleOf, TypeWords } from './sheet-import-words.js';

describe('headers, places, types and roles as communes write them', () => {
  it('recognises headers by the longest usual name they start with', () => {
    expect(recognise('Họ và tên')).toEqual({ field: 'name', source: 'synonym' });
    expect(recognise('HỌ TÊN')).toEqual({ field: 'name', source: 'synonym' });
    expect(recognise('Họ và tên thành viên')).toEqual({ field: 'name', source: 'template' });
    expect(recognise('Tên tổ')?.field).toBe('group');
    expect(recognise('Tên tổ dân phố')?.field).toBe('address');
    expect(recognise('Tổ dân phố')?.field).toBe('address');
    expect(recognise('Địa chỉ (thôn)')?.field).toBe('address');
    expect(recognise('Số CMND/CCCD')?.field).toBe('cccd');
    expect(recognise('Số định danh cá nhân')?.field).toBe('cccd');
    expect(recognise('Chức vụ')?.field).toBe('role');
    expect(recognise('Ngày vào tổ')?.field).toBe('joined');
    expect(recognise('Ngày tham gia')?.field).toBe('joined');
    expect(recognise('SĐT')?.field).toBe('phone');
    expect(recognise('Năm sinh')?.field).toBe('birth');
    expect(recognise('STT')).toBeNull();
    expect(recognise('Ghi chú')).toBeNull();
    expect(recognise('Lỗi cần sửa (Tự Quản) / Errors to fix')).toBeNull();
    expect(recognise('Thông tin khác')).toBeNull();
  });

  it('gives a sheet sent back with its error column the shape of the sheet it came from', () => {
    const plain = ['STT', 'Họ và tên', 'Tên tổ'];
    expect(sheetShape([...plain, 'Lỗi cần sửa (Tự Quản) / Errors to fix'])).toBe(sheetShape(plain));
    expect(sheetShape([...plain, 'Ghi chú'])).not.toBe(sheetShape(plain));
    expect(mapColumns([...plain, 'Lỗi cần sửa (Tự Quản) / Errors to fix'], undefined, undefined).map((c) => c.header)).toEqual(plain);
  });

  it('reads a field from one column only, the officer’s choice first', () => {
    const cols = mapColumns(['Họ tên', 'Họ và tên', 'Ghi chú'], undefined, { 'Ghi chú': 'name' });
    expect(cols.map((c) => [c.header, c.field, c.source])).toEqual([
      ['Họ tên', null, 'none'],
      ['Họ và tên', null, 'none'],
      ['Ghi chú', 'name', 'chosen'],
    ]);
  });

  it('reads place names without their kind word, with Roman numerals and leading zeros as numbers', () => {
    for (const name of ['Thôn 1', 'thôn I', 'Thôn 01', 'Thôn số 1', 'THON  1']) expect(placeKey(name)).toEqual({ kind: 'thon', key: '1' });
    expect(placeKey('KP 1')).toEqual({ kind: 'kp', key: '1' });
    expect(placeKey('Khu phố IV')).toEqual({ kind: 'kp', key: '4' });
    expect(placeKey('TDP 12')).toEqual({ kind: 'tdp', key: '12' });
    expect(placeKey('Tổ dân phố 12')).toEqual({ kind: 'tdp', key: '12' });
    expect(placeKey('Hieu Thien')).toEqual({ kind: null, key: 'hieu thien' });
    expect(placeKey('Thôn Hiếu Thiện')).toEqual({ kind: 'thon', key: 'hieu thien' });
    expect(placeKey('Buôn Ma Thuột')).toEqual({ kind: 'buon', key: 'ma thuot' });
    // A name that reads as a Roman numeral ("Bản Vi") is read alike on both sides, so it still finds itself.
    expect(placeKey('bản vi')).toEqual(placeKey('Bản Vi'));
    // A kind word alone is a name.
    expect(placeKey('Thôn')).toEqual({ kind: null, key: 'thon' });
  });

  it('reads model types from a cell or from the start of a group’s name, and roles by their abbreviations', () => {
    const type = (code: string, name: string) => ({ code, name, retired_on: null }) as ModelTypesTable;
    const words = new TypeWords([type('to-tu-quan', 'Tổ nhân dân tự quản'), type('doi-dan-phong', 'Đội dân phòng'), type('to-an-ninh-xung-kich', 'Tổ an ninh xung kích'), type('camera', 'Camera an ninh')]);
    expect(words.ofCell('Tổ NDTQ')?.code).toBe('to-tu-quan');
    expect(words.ofCell('to-tu-quan')?.code).toBe('to-tu-quan');
    expect(words.ofCell('đội DP')?.code).toBe('doi-dan-phong');
    expect(words.ofCell('Camera an ninh')?.code).toBe('camera');
    expect(words.ofCell('Tổ')).toBeNull();
    expect(words.ofName('Tổ NDTQ khu phố 1')?.code).toBe('to-tu-quan');
    expect(words.ofName('Tổ an ninh xung kích thôn 2')?.code).toBe('to-an-ninh-xung-kich');
    expect(words.ofName('Tổ ANXK KP3')?.code).toBe('to-an-ninh-xung-kich');
    expect(words.ofName('Nhóm bảo vệ chợ')).toBeNull();
    expect([roleOf('TT'), roleOf('tp'), roleOf('TV'), roleOf('Đội trưởng'), roleOf('Thư ký')]).toEqual(['leader', 'deputy', 'member', 'leader', undefined]);
  });
});
