// Writes file.br (brotli, best quality) and file.gz (gzip, best level) beside every text file of
// the built web app, so that the server sends them as they are instead of compressing each
// answer. Run after `vite build`: node scripts/precompress.mjs [dir] (dist/web by default).
import { readdir, readFile, writeFile, unlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

// Images, fonts and archives are compressed already; a second pass only costs time.
const text = /\.(js|mjs|css|html|svg|json|webmanifest|map|txt|xml)$/;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (text.test(entry.name)) yield path;
  }
}

/** Writes one variant, or removes a stale one when it would not be smaller than the file. */
async function variant(path, size, compressed) {
  if (compressed.length < size) {
    await writeFile(path, compressed);
    return compressed.length;
  }
  await unlink(path).catch(() => {});
  return size;
}

async function precompress(path) {
  const source = await readFile(path);
  const [br, gzipped] = await Promise.all([
    brotli(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    }),
    gz(source, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return {
    size: source.length,
    br: await variant(`${path}.br`, source.length, br),
    gz: await variant(`${path}.gz`, source.length, gzipped),
  };
}

const args = process.argv.slice(2);
const given = args.find((a) => !a.startsWith('--')) ?? 'dist/web';
const dir = resolve(given);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const total = { size: 0, br: 0, gz: 0, files: 0 };
for await (const path of files(dir)) {
  const r = await precompress(path);
  total.files += 1;
  total.size += r.size;
  total.br += r.br;
  total.gz += r.gz;
  if (args.includes('--verbose')) console.log(`${relative(dir, path)}: ${kb(r.size)}, gzip ${kb(r.gz)}, brotli ${kb(r.br)}`);
}
console.log(`Precompressed ${total.files} files in ${given}: ${kb(total.size)}, gzip ${kb(total.gz)}, brotli ${kb(total.br)}.`);
