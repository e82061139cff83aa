import { resolve } from 'node:path';
import type { DatabaseTarget } from './db/connection.js';
import { passwordProblems, passwordReasons } from './auth/passwords.js';
import { packageRoot } from './lib/package-root.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: string;
  webDir: string;
}

/** A wrong setting stops start-up with this one-line explanation. */
export class ConfigError extends Error {}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * A path the operator wrote (DATA_DIR, WEB_DIR, a sqlite: URL) is read from where they stand, as
 * a shell would; a default is the product's own folder, so that starting from elsewhere (a
 * service manager starts in /) finds the same database and web app.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), root = packageRoot): Config {
  const portText = env.PORT || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a number from 1 to 65535, not "${portText}".`);
  }
  const dataDir = env.DATA_DIR ? resolve(cwd, env.DATA_DIR) : resolve(root, 'var');
  const url = env.DATABASE_URL?.trim();
  let database: DatabaseTarget;
  if (!url) {
    database = { engine: 'sqlite', file: resolve(dataDir, 'tu-quan.sqlite') };
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid URL: "${redact(url)}".`);
    }
    database = { engine: 'postgres', url };
  } else if (url.startsWith('sqlite:')) {
    database = { engine: 'sqlite', file: resolve(cwd, url.slice('sqlite:'.length).replace(/^\/\//, '')) };
  } else {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// (PostgreSQL) or sqlite: (a file), not "${redact(url)}"; leave it unset for the embedded database under DATA_DIR.`,
    );
  }
  const adminUsername = env.ADMIN_USERNAME?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminUsername !== undefined && !/^[a-zA-Z0-9._-]{3,50}$/.test(adminUsername)) {
    throw new ConfigError('ADMIN_USERNAME must be 3–50 letters, digits, dots, dashes or underscores.');
  }
  if (adminPassword !== undefined) {
    const problems = passwordProblems(adminPassword, (adminUsername ?? 'admin').toLowerCase());
    if (problems.length > 0) {
      const { reasons } = passwordReasons(problems) as { reasons: { vi: string; en: string } };
      throw new ConfigError(`ADMIN_PASSWORD chưa đạt / is not accepted: ${reasons.vi} / ${reasons.en}.`);
    }
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, not "${logLevel}".`);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    database,
    adminUsername,
    adminPassword,
    trustProxy: flag(env, 'TRUST_PROXY', false),
    secureCookies: flag(env, 'SECURE_COOKIES', false),
    logLevel,
    webDir: env.WEB_DIR ? resolve(cwd, env.WEB_DIR) : resolve(root, 'dist', 'web'),
  };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (['1', 'true', 'yes'].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(v.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${v}".`);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
