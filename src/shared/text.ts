import { z } from 'zod';

/**
 * Names and free text as the API and the sheet imports take them, one rule for both:
 *
 * - control characters (C0 but tab, line feed and carriage return; DEL; C1) and the characters
 *   that change the direction of text (U+202A–U+202E embeddings and overrides, U+2066–U+2069
 *   isolates, U+200E/U+200F/U+061C marks) are **refused**: never part of a Vietnamese name,
 *   invisible, and able to make a name read as another;
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are **removed** silently: they come
 *   with copy and paste from web pages and chat apps, and the text reads the same without them.
 *
 * Tab and line breaks are kept where text may run over lines; services fold them to spaces in names.
 */

const hidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const zeroWidth = /[\u200b-\u200d\u2060\ufeff]/g;

export function withoutZeroWidth(s: string): string {
  return s.replace(zeroWidth, '');
}

/** Whether the text holds a control or direction character (refused). */
export function hasHiddenCharacters(s: string): boolean {
  return hidden.test(s);
}

const textRule = 'Control and text-direction characters are refused; zero-width characters are removed';

/** Text up to `max` characters, zero-width characters removed, trimmed, without control or direction characters. */
export const plainText = (max: number) =>
  z
    .string()
    .overwrite(withoutZeroWidth)
    .trim()
    .max(max)
    .refine((s) => !hidden.test(s), 'text-hidden')
    .describe(textRule);

/** A name or a required text: at least one character once cleaned. */
export const requiredText = (max: number) => plainText(max).min(1).describe(textRule);

/** Optional text: absent, null, or text. */
export const optionalText = (max: number) => plainText(max).nullable().optional().describe(textRule);

/**
 * A Vietnamese phone number as people write it (`0912 345 678`, `0912.345.678`,
 * `+84 912 345 678`, `(0258) 3822 123`), as digits: a mobile is 10 digits (03, 05, 07, 08,
 * 09…), a landline 11 (02 and the area code). Null when it is not one.
 */
export function phoneNumber(text: string): string | null {
  let digits = text.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  return /^0(?:[35789]\d{8}|2\d{9})$/.test(digits) ? digits : null;
}

/** A phone number, stored as its digits. */
export const phone = z
  .string()
  .trim()
  .max(30, 'phone')
  .refine((s) => phoneNumber(s) !== null, 'phone')
  .describe('A Vietnamese phone number: a mobile of 10 digits (03, 05, 07, 08, 09…) or a landline of 11 (02…), +84 for the leading 0, spaces, dots and dashes allowed; stored as its digits')
  .transform((s) => phoneNumber(s)!);
