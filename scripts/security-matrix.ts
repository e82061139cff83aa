/**
 * Writes the authorization matrix, made from src/server/security/authorization.declarations.ts,
 * into docs/security.md between its markers. Run: npx tsx scripts/security-matrix.ts
 * (`--check` only says whether the file is up to date, and exits 1 when it is not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { declarations } from '../src/server/security/authorization.declarations.js';
import { withMatrix } from '../src/server/security/matrix.js';

const file = resolve(import.meta.dirname, '..', 'docs', 'security.md');
const doc = readFileSync(file, 'utf8');
const next = withMatrix(doc, declarations);
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error('docs/security.md: the authorization matrix is out of date; run `npx tsx scripts/security-matrix.ts`.');
    process.exit(1);
  }
  console.log('docs/security.md: the authorization matrix is up to date.');
} else if (next === doc) {
  console.log('docs/security.md: the authorization matrix was already up to date.');
} else {
  writeFileSync(file, next);
  console.log(`docs/security.md: the authorization matrix written (${Object.keys(declarations).length} operations).`);
}
