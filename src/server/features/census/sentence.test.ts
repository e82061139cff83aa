import { describe, expect, it } from 'vitest';
import { areaNoun, censusSentence, viNumber } from './sentence.js';

const row = (code: string, reportNoun: string, groups: number, members: number | null) => ({ type: { code, name: code }, reportNoun, groups, members, sites: 0 });

describe('the census sentence', () => {
  it('reads exactly as the brief’s report for April 2018', () => {
    const sentence = censusSentence(
      [
        row('to-tu-quan', 'Tổ nhân dân tự quản', 2596, 4425),
        row('doi-dan-phong', 'đội dân phòng', 20, 373),
        row('to-an-ninh-xung-kich', 'tổ an ninh xung kích', 76, 612),
        row('toc-ho-tu-quan', 'tộc họ tự quản về ANTT', 113, null),
        row('xu-dao-binh-yen', 'xứ đạo bình yên', 0, 0),
      ],
      'Tỉnh',
      '2018-04-30',
      true,
    );
    expect(sentence).toBe(
      'Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản với 4.425 thành viên, 20 đội dân phòng với 373 thành viên, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về ANTT.',
    );
  });

  it('names a day, one type without "và", and an area with no group', () => {
    expect(censusSentence([row('doi-dan-phong', 'đội dân phòng', 1, 12)], 'Phường', '2026-01-05', false)).toBe('Tính đến ngày 5/1/2026, toàn phường có 1 đội dân phòng với 12 thành viên.');
    expect(censusSentence([], 'Xã', '2026-01-05', false)).toBe('Tính đến ngày 5/1/2026, toàn xã chưa có mô hình tự quản nào.');
  });

  it('says "toàn …" with each kind in lower case, and "toàn quốc" for the country', () => {
    expect(['Tỉnh', 'Thành phố Trung ương', 'Thành phố', 'Quận', 'Huyện', 'Thị xã', 'Xã', 'Phường', 'Thị trấn', 'Đặc khu', 'Thôn', 'Khu phố', null].map(areaNoun)).toEqual([
      'toàn tỉnh',
      'toàn thành phố',
      'toàn thành phố',
      'toàn quận',
      'toàn huyện',
      'toàn thị xã',
      'toàn xã',
      'toàn phường',
      'toàn thị trấn',
      'toàn đặc khu',
      'toàn thôn',
      'toàn khu phố',
      'toàn quốc',
    ]);
  });

  it('writes thousands with dots', () => {
    expect([0, 7, 999, 1000, 2596, 1234567].map(viNumber)).toEqual(['0', '7', '999', '1.000', '2.596', '1.234.567']);
  });
});
