/**
 * What the census report's header says when the user changes nothing; the server writes the
 * report, the web app prefills its form with the same. No zod here: the census page loads it.
 */

/** The issuing body: the Steering Committee of the movement. */
export const DEFAULT_ISSUER = 'BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC';
export const DEFAULT_SIGNER_TITLE = 'TRƯỞNG BAN';

/** The area a report speaks for: its kind ("Tỉnh") and full name ("Tỉnh Ninh Thuận"). */
export interface ReportArea {
  kind: string;
  name: string;
}

/** The kind's word as names carry it: "Thành phố Trung ương" is written "Thành phố". */
export const kindWord = (area: ReportArea) => (area.kind === 'Thành phố Trung ương' ? 'Thành phố' : area.kind);

/**
 * The place written before the date: "Tỉnh Ninh Thuận" → "Ninh Thuận"; "Thành phố Hồ Chí Minh"
 * (kind "Thành phố Trung ương") → "Hồ Chí Minh"; "Phường 5" stays; the whole country: "Hà Nội".
 */
export function placeName(area: ReportArea | null): string {
  if (!area) return 'Hà Nội';
  const word = `${kindWord(area)} `;
  return area.name.slice(0, word.length).toLocaleLowerCase('vi') === word.toLocaleLowerCase('vi') ? area.name.slice(word.length).trim() : area.name;
}
