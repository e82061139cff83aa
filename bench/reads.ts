/**
 * Benchmark: the interactive reads at national scale, through the real server (a separate
 * process listening on a port, as a browser reaches it), and the mixed read load of many clients.
 *
 *   npx tsx bench/reads.ts [--data nation.sqlite] [--pg postgres://…/tq_nation] [--requests 20] [--deep 100]
 *                          [--only national,load] [--seconds 8] [--clients 16]
 *
 * national: generates (bench/census.ts) or reuses the national SQLite file, or, with --pg, a
 *   PostgreSQL database loaded from it; makes a province officer (79) and a commune officer
 *   (25747) beside the nationwide administrator; for each, times every list with each filter and
 *   sort, on its first page and 100 pages in (following the cursors), the dashboard, a person's and
 *   a group's page: p50 / p99 of --requests runs after one warm-up. Then the mixed load on that
 *   data, and the server's resident memory (peak) while it runs.
 * load: the demo in a fresh SQLite file (or --pg), --clients clients for --seconds each: the rate
 *   of `/api/auth/me`, of a bare Fastify route in its own process, and of the mixed read load.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/db/connection.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    pg: { type: 'string' },
    requests: { type: 'string', default: '20' },
    deep: { type: 'string', default: '100' },
    only: { type: 'string', default: 'national,load' },
    seconds: { type: 'string', default: '8' },
    clients: { type: 'string', default: '16' },
  },
});
const requests = Number(values.requests);
const deep = Number(values.deep);
const only = new Set(values.only!.split(','));
const PASSWORD = 'Do-thu-doc-2026x';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)]!;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** The server as production runs it: the built JavaScript when there is a build, else the sources through tsx. */
function serverCommand(): string[] {
  const built = ['dist/node/src/server/main.js'].map((p) => join(root, p)).find(existsSync);
  return built ? [process.execPath, built] : [process.execPath, '--import', 'tsx', join(root, 'src/server/main.ts')];
}

interface Server {
  url: string;
  proc: ChildProcess;
  /** Resident memory now and its peak, in MB (from /proc). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

async function startServer(database: string, dataDir: string): Promise<Server> {
  const port = await freePort();
  const [cmd, ...args] = serverCommand();
  const proc = spawn(cmd!, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_USERNAME: 'bench', ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`the server stopped (${proc.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 1200) throw new Error('the server did not start in 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const memory = () => {
    const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  };
  return {
    url,
    proc,
    memory,
    stop: () =>
      new Promise((ok) => {
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}

class Client {
  cookie = '';
  csrf = '';
  constructor(readonly url: string) {}
  async login(username: string, password = PASSWORD) {
    const res = await fetch(`${this.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.cookie = /tq_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }
  async get(path: string): Promise<{ status: number; body: unknown; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`${this.url}${path}`, { headers: { cookie: this.cookie, 'accept-encoding': 'gzip, br' } });
    const text = await res.text();
    const took = performance.now() - t0;
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, ms: took };
  }
  async post(path: string, body: unknown) {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}

/** The national file: made by the census benchmark's generator when it is not there. */
function nationalFile(): string {
  const file = resolve(values.data ?? join(tmpdir(), 'tq-nation.sqlite'));
  if (!existsSync(file)) {
    console.log(`generating the national dataset into ${file} (several minutes)…`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/census.ts'), '--skip-demo', '--data', file, '--requests', '1'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('generation failed');
  }
  return file;
}

interface Page {
  items: { id: string }[];
  total: number;
  nextCursor?: string | null;
}

/** The path of the page `n` pages in: by the cursors when the list has them (walked, not timed), else by number. */
async function pathAt(client: Client, path: string, n: number): Promise<string> {
  if (n === 0) return path;
  const sep = path.includes('?') ? '&' : '?';
  const first = (await client.get(path)).body as Page;
  if (!('nextCursor' in first)) return `${path}${sep}page=${n + 1}`;
  let cursor = first.nextCursor;
  for (let i = 1; i < n && cursor; i++) cursor = ((await client.get(`${path}${sep}cursor=${encodeURIComponent(cursor)}`)).body as Page).nextCursor;
  return cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path;
}

async function time(client: Client, path: string): Promise<number[]> {
  const first = await client.get(path);
  if (first.status !== 200) throw new Error(`${path}: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
  const out: number[] = [];
  for (let i = 0; i < requests; i++) out.push((await client.get(path)).ms);
  return out;
}

async function makeUser(admin: Client, username: string, role: string, unitId: string) {
  const res = await admin.post('/api/users', { username, fullName: username, role, scopeUnitId: unitId, password: PASSWORD });
  if (res.status !== 201 && res.status !== 200 && !(res.status === 409)) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The ids of today's units carrying these codes, and of one commune under the first, read from the database itself. */
async function unitIds(database: string, codes: string[]): Promise<{ ids: Map<string, string>; communeUnder: string | undefined }> {
  const handle = openDatabase(database.startsWith('sqlite:') ? { engine: 'sqlite', file: database.slice('sqlite:'.length) } : { engine: 'postgres', url: database });
  try {
    const rows = await handle.db.selectFrom('units').select(['id', 'code']).where('code', 'in', codes).where('valid_to', 'is', null).execute();
    const ids = new Map(rows.map((r) => [r.code, r.id]));
    const child = await handle.db.selectFrom('units').select(['id', 'level']).where('parent_id', '=', ids.get(codes[0]!)!).where('valid_to', 'is', null).limit(20).execute();
    return { ids, communeUnder: child.find((u) => u.level === 'commune')?.id };
  } finally {
    await handle.close();
  }
}

/** The reads of one user: every list with each filter and sort, first page and `deep` pages in. */
function readsOf(area: { commune?: string; province?: string }) {
  const g = '/api/groups?pageSize=25';
  const p = '/api/people?pageSize=25';
  const list: [string, string][] = [
    ['groups by name', `${g}&sort=name`],
    ['groups by founding date', `${g}&sort=foundedOn`],
    ['groups by type', `${g}&sort=type`],
    ['groups by area', `${g}&sort=area`],
    ['groups of a type', `${g}&type=to-an-ninh-xung-kich`],
    ['groups in status active', `${g}&status=active`],
    ['groups dissolved', `${g}&status=dissolved`],
    ['groups named "to 12"', `${g}&q=${encodeURIComponent('tổ 12')}`],
    ['groups on 1/1/2020', `${g}&date=2020-01-01`],
    ['people by name', `${p}&sort=name`],
    ['people by birth', `${p}&sort=birth`],
    ['people named "van 12"', `${p}&q=${encodeURIComponent('văn 12')}`],
    ['people named "nguyen" (common)', `${p}&q=nguyen`],
    ['people of a type', `${p}&type=to-an-ninh-xung-kich`],
  ];
  const sub = area.commune ?? area.province;
  if (sub) {
    list.push(['groups of a sub-area', `${g}&unitId=${sub}`]);
    list.push(['people of a sub-area', `${p}&unitId=${sub}`]);
  }
  return list;
}

async function national() {
  const file = nationalFile();
  // Kept beside the data: the server seals with the key it finds there, and refuses another.
  const dataDir = `${file}.data`;
  mkdirSync(dataDir, { recursive: true });
  const database = values.pg ?? `sqlite:${file}`;
  console.log(`\n## national dataset on ${values.pg ? 'PostgreSQL' : 'SQLite'} (${file})`);
  const t0 = performance.now();
  const server = await startServer(database, dataDir);
  console.log(`server started (migrations included) in ${ms(performance.now() - t0)}; RSS ${server.memory().rss.toFixed(0)} MB`);
  try {
    // The census benchmark that made the file made its administrator with its own password.
    const admin = await new Client(server.url).login('bench').catch(() => new Client(server.url).login('bench', 'Do-thu-2026x'));
    const { ids, communeUnder: someCommuneOf79 } = await unitIds(database, ['79', '25747', '56']);
    const [p79, c25747, p56] = ['79', '25747', '56'].map((c) => ids.get(c));
    await makeUser(admin, 'bench.tinh79', 'province_staff', p79!);
    await makeUser(admin, 'bench.xa25747', 'commune_officer', c25747!);
    const province = await new Client(server.url).login('bench.tinh79');
    const commune = await new Client(server.url).login('bench.xa25747');
    const users: [string, Client, { commune?: string; province?: string }][] = [
      ['nationwide', admin, { province: p56 }],
      ['province 79', province, { commune: someCommuneOf79 }],
      ['commune 25747', commune, {}],
    ];
    const rows: string[] = ['| request | user | first page p50 / p99 | 100 pages in p50 / p99 |', '| --- | --- | --- | --- |'];
    for (const [who, client, area] of users) {
      for (const [name, path] of readsOf(area)) {
        const first = await time(client, path);
        const far = deep > 0 ? await time(client, await pathAt(client, path, deep)) : [];
        rows.push(`| ${name} | ${who} | ${ms(pct(first, 0.5))} / ${ms(pct(first, 0.99))} | ${far.length ? `${ms(pct(far, 0.5))} / ${ms(pct(far, 0.99))}` : '—'} |`);
        console.log(rows[rows.length - 1]);
      }
      const dash = await time(client, '/api/dashboard');
      rows.push(`| dashboard | ${who} | ${ms(pct(dash, 0.5))} / ${ms(pct(dash, 0.99))} | |`);
      console.log(rows[rows.length - 1]);
      const group = ((await client.get('/api/groups?pageSize=1')).body as Page).items[0];
      const person = ((await client.get('/api/people?pageSize=1')).body as Page).items[0];
      if (group) {
        const t = await time(client, `/api/groups/${group.id}`);
        rows.push(`| a group's page | ${who} | ${ms(pct(t, 0.5))} / ${ms(pct(t, 0.99))} | |`);
      }
      if (person) {
        const t = await time(client, `/api/people/${person.id}`);
        rows.push(`| a person's page | ${who} | ${ms(pct(t, 0.5))} / ${ms(pct(t, 0.99))} | |`);
      }
      console.log(rows.slice(-2).join('\n'));
    }
    console.log(`\n${rows.join('\n')}`);
    const clients = await Promise.all([admin, province, commune].map(async (c) => c));
    const load = await mixedLoad(server, clients, clientsCount());
    console.log(`\nnational, mixed read load, ${clientsCount()} clients: ${load.rate.toFixed(0)} requests/s, p50 ${ms(load.p50)}, p99 ${ms(load.p99)}, ${load.errors} errors; server RSS ${server.memory().rss.toFixed(0)} MB, peak ${server.memory().peak.toFixed(0)} MB`);
  } finally {
    await server.stop();
  }
}

const clientsCount = () => Number(values.clients);

/** `clients` loops for --seconds; loop k is user k (in turn) asking that user's paths in turn. */
async function hammer(url: string, users: Client[], pathsOf: (user: number) => string[], clients: number) {
  const until = performance.now() + Number(values.seconds) * 1000;
  const times: number[] = [];
  const errors = new Map<string, number>();
  await Promise.all(
    Array.from({ length: clients }, async (_, k) => {
      const u = k % users.length;
      const paths = pathsOf(u);
      for (let i = k; performance.now() < until; i++) {
        const path = paths[i % paths.length]!;
        const t0 = performance.now();
        const res = await fetch(`${url}${path}`, { headers: { cookie: users[u]!.cookie, 'accept-encoding': 'gzip, br' } });
        await res.arrayBuffer();
        if (res.status !== 200) errors.set(`${res.status} ${path.split('?')[0]}`, (errors.get(`${res.status} ${path.split('?')[0]}`) ?? 0) + 1);
        times.push(performance.now() - t0);
      }
    }),
  );
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  if (errorCount) console.log(`errors: ${JSON.stringify(Object.fromEntries(errors))}`);
  return { rate: times.length / Number(values.seconds), p50: pct(times, 0.5), p99: pct(times, 0.99), errors: errorCount };
}

/** The reads people make all day: lists, a group's and a person's page, the dashboard, the census; each user's own. */
async function mixedLoad(server: Server, users: Client[], clients: number) {
  const month = new Date().toISOString().slice(0, 7);
  const pathsOf = await Promise.all(
    users.map(async (u) => {
      const groups = ((await u.get('/api/groups?pageSize=5')).body as Page).items;
      const people = ((await u.get('/api/people?pageSize=5')).body as Page).items;
      const paths = [
        '/api/groups?pageSize=25',
        '/api/people?pageSize=25',
        '/api/dashboard',
        `/api/census?date=${month}`,
        '/api/groups?pageSize=25&sort=foundedOn',
        '/api/people?pageSize=25&q=van',
        ...groups.map((g) => `/api/groups/${g.id}`),
        ...people.map((p) => `/api/people/${p.id}`),
      ];
      // What the user's role may read (a group leader has no census).
      const allowed = await Promise.all(paths.map(async (p) => ((await u.get(p)).status === 200 ? p : null)));
      return allowed.filter((p): p is string => p !== null);
    }),
  );
  return hammer(server.url, users, (u) => pathsOf[u]!, clients);
}

/** A Fastify route that does nothing, in a process of its own: the ceiling of this machine. */
async function bareFastify(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const code = `import Fastify from 'fastify'; const app = Fastify(); app.get('/ping', async () => ({ ok: true })); await app.listen({ port: ${port}, host: '127.0.0.1' });`;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/ping`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: () => proc.kill() };
}

async function demoLoad() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tq-reads-demo-'));
  const database = values.pg ?? `sqlite:${join(dataDir, 'demo.sqlite')}`;
  console.log(`\n## mixed read load on the demo (${values.pg ? 'PostgreSQL' : 'SQLite'}), ${clientsCount()} clients, ${values.seconds} s each`);
  const load = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli/index.ts'), 'demo'], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database }, stdio: 'inherit' });
  if (load.status !== 0) throw new Error('demo load failed');
  const server = await startServer(database, dataDir);
  const bare = await bareFastify();
  try {
    const demoPassword = 'Bao-ve-an-ninh-2018';
    const users = await Promise.all(['quantri', 'tinh.khanhhoa', 'xa.baoan', 'to.baoan'].map((u) => new Client(server.url).login(u, demoPassword)));
    const me = await hammer(server.url, users, () => ['/api/auth/me'], clientsCount());
    const mixed = await mixedLoad(server, users, clientsCount());
    const ping = await hammer(bare.url, users, () => ['/ping'], clientsCount());
    console.log('| load | requests/s | p50 | p99 | errors |\n| --- | --- | --- | --- | --- |');
    for (const [name, r] of [['bare Fastify route', ping], ['/api/auth/me', me], ['mixed reads', mixed]] as const) {
      console.log(`| ${name} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`);
    }
    console.log(`mixed reads at ${((100 * mixed.rate) / me.rate).toFixed(0)} % of /api/auth/me, ${((100 * mixed.rate) / ping.rate).toFixed(1)} % of a bare route; server RSS peak ${server.memory().peak.toFixed(0)} MB`);
  } finally {
    bare.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (only.has('national')) await national();
if (only.has('load')) await demoLoad();
