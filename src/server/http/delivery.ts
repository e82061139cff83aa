import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { constants } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';

/**
 * Text answers only. The plugin's own list also takes application/octet-stream, which is what a
 * download without a type of its own would be; anything else falls to mime-db's "compressible"
 * flag, false for .xlsx, .docx, .zip and images, which are compressed containers already.
 */
const textTypes = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)xml(?:;|$)|javascript(?:;|$)/;

/** Vite names every file under assets/ by the hash of its content: a new build is a new name. */
const forever = 'public, max-age=31536000, immutable';

/**
 * Compression of every text answer, and the built web app. The API's JSON is compressed as it
 * leaves, above 1 KB, with brotli at quality 5 (about gzip's time for a smaller answer, see
 * docs/benchmarks.md) or gzip; the web app's files were compressed once at build time at the
 * highest quality (scripts/precompress.mjs) and are sent as they are, chosen by Accept-Encoding.
 * Returns whether the web app is there to serve. Registered before the routes: the
 * compression plugin attaches itself to each route as it is declared.
 */
export async function registerDelivery(app: FastifyInstance, webDir: string | undefined): Promise<boolean> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: textTypes,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } },
    // Request bodies stay as sent: no client compresses them, and inflating one would let a
    // small upload grow past what the body limit was meant to bound.
    globalDecompression: false,
  });

  if (webDir === undefined || !existsSync(join(webDir, 'index.html'))) return false;
  const assets = join(webDir, 'assets') + sep;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    // The .br and .gz files are the same assets in other encodings, not pages of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    // index.html (and the pages it stands for) names the current assets, so it is checked
    // again on every load; the assets it names never change.
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.startsWith(assets) ? forever : 'no-cache');
    },
  });
  return true;
}
