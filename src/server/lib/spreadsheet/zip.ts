import { createInflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * Just enough of ZIP to read an .xlsx held in memory: the central directory, and one entry at
 * a time, whole (small parts) or as a stream (the worksheet). An entry may never unpack to more
 * than its directory entry declares, so a file that lies about its sizes cannot get past the
 * guard that checked them.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

/** Thrown when an entry unpacks to more than declared: a crafted file, refused, never retried. */
export class ZipBombError extends Error {}

/** The entries of the central directory, or null when the bytes are not a readable ZIP. */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  const entries: ZipEntry[] = [];
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(p + 28);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      headerOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** The entry's stored bytes, as its local header places them. */
function storedBytes(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.headerOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`bad local header for ${e.name}`);
  if (e.flags & 1) throw new Error(`${e.name} is encrypted`);
  if (e.method !== 0 && e.method !== 8) throw new Error(`${e.name}: compression method ${e.method} not supported`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new Error(`${e.name} runs past the end of the file`);
  return buf.subarray(start, start + e.compressedSize);
}

/** A whole entry, unpacked: for the small parts of a workbook. */
export function readEntry(buf: Buffer, e: ZipEntry): Buffer {
  const stored = storedBytes(buf, e);
  if (e.method === 0) return stored;
  try {
    return inflateRawSync(stored, { maxOutputLength: Math.max(e.size, 1) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipBombError(`${e.name} unpacks to more than declared`);
    throw error;
  }
}

/** An entry unpacked piece by piece: memory stays at one piece however large the entry. */
export async function* entryChunks(buf: Buffer, e: ZipEntry): AsyncGenerator<Buffer> {
  const stored = storedBytes(buf, e);
  if (e.method === 0) {
    yield stored;
    return;
  }
  // Pieces small enough for the young generation of the heap (larger strings are only freed by
  // a full collection); a deep buffer lets the inflater run ahead on another thread.
  const inflater = createInflateRaw({ chunkSize: 64 * 1024, readableHighWaterMark: 1024 * 1024 } as ZlibOptions);
  inflater.end(stored);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > e.size) throw new ZipBombError(`${e.name} unpacks to more than declared`);
      yield chunk;
    }
  } finally {
    inflater.destroy();
  }
}
