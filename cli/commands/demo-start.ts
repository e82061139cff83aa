import { loadConfig } from '../../src/server/config.js';
import { fromPackageRoot } from '../../src/server/lib/package-root.js';
import { startServer } from '../../src/server/main.js';
import { DEMO_PASSWORD, isEmptyForDemo, loadDemo, type DemoLogin } from '../../src/server/demo/load.js';
import type { Command } from '../args.js';
import { printDemoLogins } from './demo.js';

export const demoStart: Command = {
  name: 'demo-start',
  summary: 'Starts Tự Quản on the demo database (var/demo unless DATA_DIR is set), loading the demo data on first start.',
  usage: 'demo-start',
  options: {},
  async run() {
    const env = { ...process.env };
    env.DATA_DIR ||= fromPackageRoot('var', 'demo');
    env.LOG_LEVEL ||= 'warn';
    // The demo's administrator is its first account, with the demo password.
    env.ADMIN_USERNAME ||= 'quantri';
    env.ADMIN_PASSWORD ||= DEMO_PASSWORD;
    const config = loadConfig(env);
    let logins: DemoLogin[] = [];
    const started = await startServer(config, {
      afterMigrate: async (deps) => {
        const empty = await isEmptyForDemo(deps);
        logins = await loadDemo(deps);
        if (empty) console.log('Đã nạp dữ liệu mẫu / demo data loaded.');
      },
    });
    printDemoLogins(started.url, logins);
    const stop = async () => {
      await started.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await new Promise(() => {});
  },
};
