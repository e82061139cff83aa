import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, data/ and dist/, found from this file rather than from the
 * working directory: the same module runs from src/ under tsx and from dist/node/src/ under node,
 * and a service manager may start it from anywhere.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the installed product (data/…, dist/web, var/). */
export const fromPackageRoot = (...parts: string[]): string => resolve(packageRoot, ...parts);
