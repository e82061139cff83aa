/**
 * Reads a ZIP's central directory (without unpacking anything) to refuse archives that would
 * blow up in memory: an .xlsx is a ZIP, and a few kilobytes can claim gigabytes.
 */
export interface ZipLimits {
  maxEntries: number;
  maxUncompressed: number;
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = { maxEntries: 2_000, maxUncompressed: 200 * 1024 * 1024, maxRatio: 200 };

export type ZipVerdict = { ok: true } | { ok: false; reason: 'not-zip' | 'too-many-entries' | 'too-large' | 'ratio' };

export function inspectZip(buf: Buffer, limits: ZipLimits = defaultZipLimits): ZipVerdict {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not-zip' };
  const entries = buf.readUInt16LE(eocd + 10);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (entries > limits.maxEntries) return { ok: false, reason: 'too-many-entries' };
  let total = 0;
  let p = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return { ok: false, reason: 'not-zip' };
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    // ZIP64 markers (0xffffffff) hide the real size: far beyond what a sheet we accept needs.
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: 'too-large' };
    total += uncompressed;
    if (total > limits.maxUncompressed) return { ok: false, reason: 'too-large' };
    if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) return { ok: false, reason: 'ratio' };
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { ok: true };
}
