/** Vietnamese text helpers: names are stored NFC and searched without diacritics. */

export function nfc(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Lower case, no diacritics, đ→d, single spaces: the key every search compares against. */
export function searchKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Escapes LIKE wildcards so that a user's `%` or `_` matches itself (used with ESCAPE '\'). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
