import { zipEntries } from './zip.js';

/**
 * Reads a ZIP's central directory (without unpacking anything) to refuse archives that would
 * blow up in memory: an .xlsx is a ZIP, and a few kilobytes can claim gigabytes. What it lets
 * through is held to its declared sizes while unpacking (see zip.ts).
 */
export interface ZipLimits {
  maxEntries: number;
  maxUncompressed: number;
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = { maxEntries: 2_000, maxUncompressed: 200 * 1024 * 1024, maxRatio: 200 };

export type ZipVerdict = { ok: true } | { ok: false; reason: 'not-zip' | 'too-many-entries' | 'too-large' | 'ratio' };

export function inspectZip(buf: Buffer, limits: ZipLimits = defaultZipLimits): ZipVerdict {
  const entries = zipEntries(buf);
  if (!entries) return { ok: false, reason: 'not-zip' };
  if (entries.length > limits.maxEntries) return { ok: false, reason: 'too-many-entries' };
  let total = 0;
  for (const e of entries) {
    // ZIP64 markers (0xffffffff) hide the real size: far beyond what a sheet we accept needs.
    if (e.compressedSize === 0xffffffff || e.size === 0xffffffff) return { ok: false, reason: 'too-large' };
    total += e.size;
    if (total > limits.maxUncompressed) return { ok: false, reason: 'too-large' };
    if (e.size > 1024 * 1024 && e.size / Math.max(e.compressedSize, 1) > limits.maxRatio) return { ok: false, reason: 'ratio' };
  }
  return { ok: true };
}
