import { loadDemo, isEmptyForDemo, DEMO_PASSWORD, type DemoLogin } from '../../src/server/demo/load.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../database.js';

export function printDemoLogins(url: string | null, logins: DemoLogin[]): void {
  if (url) console.log(`\nTự Quản (demo) đang chạy / is running at ${url}`);
  console.log(`Đăng nhập / log in with (mật khẩu / password: ${DEMO_PASSWORD}):`);
  for (const l of logins) console.log(`  ${l.username.padEnd(16)} ${l.role.padEnd(16)} ${l.area}`);
  console.log('');
}

export const demo: Command = {
  name: 'demo',
  summary: 'Loads the demo data (Ninh Thuận, Khánh Hòa, one account per role) into an empty database.',
  usage: 'demo [--force]',
  options: { force: { type: 'boolean' } },
  async run(values) {
    await withDatabase(async (deps) => {
      if (!values.force && !(await isEmptyForDemo(deps))) {
        throw new UsageError('The database already holds administrative units; the demo loads only into an empty one (or use --force to add what is missing).');
      }
      printDemoLogins(null, await loadDemo(deps));
    });
  },
};
