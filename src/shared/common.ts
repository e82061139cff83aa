import { z } from 'zod';

/** Any real day (the ranged kinds, for births, events and units, are in dates.ts). */
export { isoDate } from './dates.js';
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'uuid');

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
/** The same in a JSON body, where a number must be a number (coercion is for query strings). */
export const pageBody = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
});

/**
 * Keyset paging (lists that may hold millions of rows): the first page without `cursor`, the
 * next with the `nextCursor` of the page before. `total` is exact when `totalExact`, else a floor
 * ("more than 10.000").
 */
export const cursorQuery = z.object({
  cursor: z.string().max(1200).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export const cursorBody = z.object({
  cursor: z.string().max(1200).optional(),
  pageSize: z.number().int().min(1).max(200).default(25),
});
export function cursorPageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    totalExact: z.boolean(),
    nextCursor: z.string().nullable(),
    pageSize: z.number().int(),
  });
}

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const languages = ['vi', 'en'] as const;
export const language = z.enum(languages);
export type Language = z.infer<typeof language>;
