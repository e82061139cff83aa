// Before `npm start`: a fresh checkout has no build yet. Build it once when the development
// packages are there to do it; otherwise say what to run, rather than fail on a missing file.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const root = new URL('..', import.meta.url);
const missing = ['dist/node/src/server/main.js', 'dist/web/index.html'].filter((f) => !existsSync(new URL(f, root)));
if (missing.length > 0) {
  let canBuild = true;
  try {
    import.meta.resolve('vite');
    import.meta.resolve('typescript');
  } catch {
    canBuild = false;
  }
  if (!canBuild) {
    console.error(`Tự Quản is not built (${missing.join(', ')} missing): run \`npm ci && npm run build\` first, then \`npm ci --omit=dev\` if the development packages are not wanted.`);
    process.exit(1);
  }
  console.log('Building Tự Quản (first start)…');
  execSync('npm run build', { stdio: 'inherit', cwd: root });
}
