import { z } from 'zod';
import { isoDate } from './common.js';
import { eventDate } from './dates.js';
import { requiredText } from './text.js';

export const builtInTypeCodes = ['to-tu-quan', 'doi-dan-phong', 'to-an-ninh-xung-kich', 'toc-ho-tu-quan', 'xu-dao-binh-yen'] as const;

export const modelType = z.object({
  code: z.string(),
  name: z.string(),
  /** How a report sentence names groups of this type ("đội dân phòng", "tộc họ tự quản về ANTT"). */
  reportNoun: z.string(),
  /** False for clans: counted as clans, members optional. */
  countsMembers: z.boolean(),
  builtIn: z.boolean(),
  retiredOn: isoDate.nullable(),
  /** The province that added it; null for built-in and national types. */
  provinceCode: z.string().nullable(),
});
export type ModelType = z.infer<typeof modelType>;

export const modelTypeQuery = z.object({ includeRetired: z.enum(['true', 'false']).default('false') });

export const modelTypeCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'code')
    .max(60)
    .optional(),
  name: requiredText(200),
  reportNoun: requiredText(200),
  countsMembers: z.boolean().default(true),
});
export type ModelTypeCreate = z.infer<typeof modelTypeCreate>;
export const modelTypeUpdate = modelTypeCreate.omit({ code: true }).partial();
export type ModelTypeUpdate = z.infer<typeof modelTypeUpdate>;
export const modelTypeRetire = z.object({ date: eventDate });
