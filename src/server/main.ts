import { realpathSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pathToFileURL } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './app.js';
import { systemClock } from './lib/clock.js';
import { AppError } from './lib/errors.js';
import { ensureDataKey, readDataKey } from './lib/data-key.js';
import { bootstrapAdmin } from './features/users/bootstrap.js';

export interface Started {
  url: string;
  /** The application (tests reach it through inject()). */
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartOptions {
  afterMigrate?: (deps: import('./context.js').Deps) => Promise<void>;
  /** Where DATA_KEY is read from (the process's environment by default). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Opens the database, brings it up to date, checks the data key against it (a key that does not
 * match the sealed CCCDs stops the start, see lib/data-key.ts), makes the first administrator if
 * needed, listens.
 */
export async function startServer(config: Config, hooks: StartOptions = {}): Promise<Started> {
  const dataKey = readDataKey(hooks.env ?? process.env, config.dataDir);
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database);
    await ensureDataKey(database.db, dataKey, systemClock.now());
    const deps = { db: database.db, engine: database.engine, clock: systemClock };
    const admin = await bootstrapAdmin(deps, config.adminUsername, config.adminPassword);
    if (admin) {
      console.log(`\nTài khoản quản trị đầu tiên / first administrator: ${admin.username}`);
      if (admin.temporaryPassword) {
        console.log(`Mật khẩu dùng một lần / one-time password: ${admin.temporaryPassword}`);
        console.log('Đổi mật khẩu khi đăng nhập lần đầu / change it at first login. It is not shown again.\n');
      }
    }
    if (hooks.afterMigrate) await hooks.afterMigrate(deps);
    const app = await buildApp({
      database,
      logger: { level: config.logLevel },
      trustProxy: config.trustProxy,
      secureCookies: config.secureCookies,
      webDir: config.webDir,
      dataKey: dataKey.key,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const url = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
    return {
      url,
      app,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function explainStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof AppError) return `${error.message_('vi')} / ${error.message_('en')}`;
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') return `Port ${String((e as { port?: number }).port ?? '')} is already in use; set PORT to a free port.`;
  if (e.code === 'ECONNREFUSED') return 'Cannot reach the PostgreSQL server in DATABASE_URL (connection refused).';
  if (e.code === '28P01' || e.code === '28000') return 'PostgreSQL refused the user or password in DATABASE_URL.';
  if (e.code === '3D000') return 'The database named in DATABASE_URL does not exist.';
  if (e.code === 'ENOTFOUND') return 'The host in DATABASE_URL cannot be found.';
  if (e.code === 'EACCES') return `No permission: ${e.message}`;
  return e.message ?? String(error);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`Tự Quản cannot start: ${explainStartupError(error)}`);
    process.exit(1);
  }
  try {
    const started = await startServer(config);
    console.log(`Tự Quản: ${started.url} (${config.database.engine})`);
    const stop = async () => {
      await started.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`Tự Quản cannot start: ${explainStartupError(error)}`);
    process.exit(1);
  }
}

/** True when this file is the program being run (not imported), wherever the project sits on disk. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
