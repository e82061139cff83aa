import type { FastifyInstance } from 'fastify';
import type { Db, Engine } from '../db/connection.js';
import type { Deps } from '../context.js';
import { censusStale, refreshCensus } from '../features/census/series.js';
import { groupScopesStale, refreshGroupScopes } from '../features/groups/scopes.js';
import { personScopesStale, refreshPersonScopes } from '../features/people/scopes.js';

/**
 * Derived data (the census series, and tables like it) is brought up to date after the write
 * that made it stale, never by a reader: a `GET` never writes. Triggers mark what a write
 * touched; the job below recounts what is marked.
 */
export interface Refresher {
  /** Whether anything is marked: one indexed read. */
  stale(db: Db): Promise<boolean>;
  /** Recounts what is marked and clears the marks, in a transaction of its own. */
  refresh(db: Db, engine: Engine): Promise<unknown>;
}

/** Every derived table's refresher, run in this order. A new one is one line here. */
export const refreshers = {
  census: { stale: censusStale, refresh: refreshCensus },
  groupScopes: { stale: groupScopesStale, refresh: refreshGroupScopes },
  people: { stale: personScopesStale, refresh: refreshPersonScopes },
} satisfies Record<string, Refresher>;

export type DerivedName = keyof typeof refreshers;

/** The run under way and the one asked for after it, per database (tests hold several). */
interface Job {
  running: Promise<void> | null;
  next: Promise<void> | null;
}
const jobs = new WeakMap<Db, Job>();

function jobOf(db: Db): Job {
  let job = jobs.get(db);
  if (!job) jobs.set(db, (job = { running: null, next: null }));
  return job;
}

function start(deps: Pick<Deps, 'db' | 'engine'>, job: Job): Promise<void> {
  const run = (async () => {
    for (const r of Object.values(refreshers)) await r.refresh(deps.db, deps.engine);
  })().finally(() => {
    job.running = null;
  });
  job.running = run;
  return run;
}

/**
 * Runs every refresher, one run at a time in this process. Asked while a run is under way,
 * it schedules exactly one more after it (that run may have read the marks before the write
 * that asks), and every caller meanwhile waits for that same one. Between processes on
 * PostgreSQL each refresher takes its own advisory lock.
 */
export function refreshDerived(deps: Pick<Deps, 'db' | 'engine'>): Promise<void> {
  const job = jobOf(deps.db);
  if (job.next) return job.next;
  if (!job.running) return start(deps, job);
  const next = job.running
    .catch(() => undefined)
    .then(() => {
      job.next = null;
      return start(deps, job);
    });
  job.next = next;
  return next;
}

/**
 * What a reader calls before reading derived data: one indexed read per name when nothing is
 * marked; else it waits for the job (starting it when none runs, after a write by the command
 * line or another process). Called outside the reader's own transaction, so that the recount
 * never runs in it.
 */
export async function ensureFresh(deps: Pick<Deps, 'db' | 'engine'>, ...names: DerivedName[]): Promise<void> {
  const asked = names.length > 0 ? names : (Object.keys(refreshers) as DerivedName[]);
  for (const name of asked) {
    if (await refreshers[name].stale(deps.db)) return refreshDerived(deps);
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * After every write request that succeeded, the job runs before the answer leaves: onSend
 * runs once the handler (and so its transaction) has finished and before a byte is sent, so
 * that the writer's next read finds nothing stale. A failed refresh is logged and the answer
 * still goes: the write stands, its marks stay, and the next run or reader retries them.
 */
export function registerDerivedRefresh(app: FastifyInstance, deps: Pick<Deps, 'db' | 'engine'>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (WRITES.has(request.method) && reply.statusCode < 400) {
      try {
        await refreshDerived(deps);
      } catch (error) {
        request.log.error({ err: error }, 'refresh of derived data failed');
      }
    }
    return payload;
  });
}
