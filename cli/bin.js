#!/usr/bin/env node
// The administrator commands. An installed copy runs the compiled JavaScript that `npm run build`
// wrote; a checkout with the development packages runs the TypeScript through tsx instead, so
// that it never runs a build older than its sources (the tests run the command line so).
import { existsSync } from 'node:fs';

function hasTsx() {
  try {
    import.meta.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

const source = new URL('./index.ts', import.meta.url);
const built = new URL('../dist/node/cli/index.js', import.meta.url);

if (existsSync(source) && hasTsx()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  console.error('Tự Quản is not built: run `npm run build` (with the development packages installed) first.');
  process.exitCode = 1;
}
