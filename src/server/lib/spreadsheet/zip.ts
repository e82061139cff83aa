import { crc32, createInflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * Just enough of ZIP to read an .xlsx held in memory: the central directory, and one entry at
 * a time, whole (small parts) or as a stream (the worksheet). An entry may never unpack to more
 * than its directory entry declares, nor to more than a hard limit for what it is, whatever the
 * file claims: a file that lies about its sizes cannot get past the guard that checked them, and
 * one that admits a huge size is refused before anything is unpacked.
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

/** Thrown when an entry declares more than the hard limit for its kind of part: refused before unpacking. */
export class ZipPartTooLargeError extends Error {
  constructor(
    readonly entry: string,
    readonly limit: number,
  ) {
    super(`${entry} unpacks to more than ${limit} bytes`);
  }
}

const MB = 1024 * 1024;

/**
 * The most one entry may unpack to, by what it is: the worksheet is read as a stream (a sheet
 * of 200,000 member rows is some 80 MB), the shared strings are held as strings, every other
 * part (workbook, relationships, styles) is read whole.
 */
export const partLimits = { sheet: 128 * MB, strings: 32 * MB, part: 8 * MB } as const;

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

/** Refuses an entry that admits to more than the limit, before anything is unpacked. */
function checkDeclared(e: ZipEntry, limit: number): void {
  if (e.size > limit) throw new ZipPartTooLargeError(e.name, limit);
}

/** A whole entry, unpacked, never past its declared size nor the limit: for the small parts of a workbook. */
export function readEntry(buf: Buffer, e: ZipEntry, limit: number = partLimits.part): Buffer {
  checkDeclared(e, limit);
  const stored = storedBytes(buf, e);
  if (e.method === 0) {
    if (stored.length > e.size) throw new ZipBombError(`${e.name} holds more than declared`);
    return stored;
  }
  try {
    return inflateRawSync(stored, { maxOutputLength: Math.max(e.size, 1) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipBombError(`${e.name} unpacks to more than declared`);
    throw error;
  }
}

/** An entry unpacked piece by piece: memory stays at one piece however large the entry. */
export async function* entryChunks(buf: Buffer, e: ZipEntry, limit: number = partLimits.sheet): AsyncGenerator<Buffer> {
  checkDeclared(e, limit);
  const stored = storedBytes(buf, e);
  if (e.method === 0) {
    if (stored.length > e.size) throw new ZipBombError(`${e.name} holds more than declared`);
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

/**
 * The archive made again from entries each unpacked under the guard (declared size, and all of
 * them together within `limit`) and stored without compression: what a reader that unpacks a
 * whole file by itself may be handed, since nothing in it can unpack to more than it is.
 */
export function verifiedCopy(buf: Buffer, entries: ZipEntry[], limit: number): Buffer {
  let declared = 0;
  for (const e of entries) {
    declared += e.size;
    if (declared > limit) throw new ZipPartTooLargeError(e.name, limit);
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.name.endsWith('/') ? Buffer.alloc(0) : readEntry(buf, e, limit);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    // The local header and the directory entry share their fields, the latter two bytes further on.
    const header = (signature: number, length: number, at: number) => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(signature, 0);
      b.writeUInt16LE(20, at - 4);
      b.writeUInt16LE(0x0800, at - 2); // names in UTF-8
      b.writeUInt16LE(0, at); // stored
      b.writeUInt32LE(crc, at + 6);
      b.writeUInt32LE(data.length, at + 10);
      b.writeUInt32LE(data.length, at + 14);
      b.writeUInt16LE(name.length, at + 18);
      return b;
    };
    const local = header(0x04034b50, 30, 8);
    const central = header(0x02014b50, 46, 10);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
