// `npm start` on a fresh clone: build the web app once, so the first start serves the pages.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync('dist/web/index.html')) {
  console.log('Building the web app (first start)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
