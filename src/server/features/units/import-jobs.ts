import type { Deps, RequestContext } from '../../context.js';
import type { ImportJob } from '../../../shared/units.js';
import { requirePermission } from '../../auth/guard.js';
import { assertCovers } from '../../auth/scope.js';
import { AppError, fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Language } from '../../../shared/common.js';
import { detectKind, importUnitsFile, type ImportKind } from './imports.js';
import { refreshDerived } from '../../derived/refresh.js';

/**
 * Imports of the official list and of reforms, run in the background so that the page can
 * show their progress. The jobs live in memory: an import is one transaction, so a restart
 * loses only the progress display, never half an import.
 */
export function createImportJobsService(deps: Deps) {
  const jobs = new Map<string, ImportJob & { lang: Language; ownerId: string }>();

  return {
    start(ctx: RequestContext, doc: unknown, fileName: string, lang: Language, expected?: ImportKind): ImportJob {
      const actor = requirePermission(ctx, 'units.write');
      // The administrative map is national: only a nationwide administrator changes it.
      assertCovers(actor.scope, null);
      const id = uuidv7();
      const job = {
        id,
        kind: detectKind(doc),
        fileName,
        status: 'running' as const,
        phase: 'validate',
        done: 0,
        total: 1,
        result: null,
        error: null,
        lang,
        ownerId: actor.id,
      };
      jobs.set(id, job);
      const update = (patch: Partial<ImportJob>) => jobs.set(id, { ...jobs.get(id)!, ...patch });
      setImmediate(() => {
        // Its own connection, so that the rest of the app (and this job's progress) stays readable.
        const own = deps.isolate?.();
        importUnitsFile(own ? { ...deps, db: own.db } : deps, ctx, JSON.stringify(doc), fileName, expected, (phase, done, total) => update({ phase, done, total }))
          // Answered with 202 before it ran, the import is past the hook that refreshes after a
          // write: the derived tables are brought up to date here, before the job says it is done.
          .then(async (result) => {
            await refreshDerived(deps);
            update({ status: 'done', phase: 'done', result });
          })
          .catch((error: unknown) => {
            const e = error instanceof AppError ? error : new AppError('INTERNAL');
            update({ status: 'failed', error: { code: e.code, message: e.message_(lang) } });
          })
          .finally(() => own?.close());
      });
      return view(job);
    },

    get(ctx: RequestContext, id: string): ImportJob {
      const actor = requirePermission(ctx, 'units.write');
      const job = jobs.get(id);
      if (!job || job.ownerId !== actor.id) fail('IMPORT_NOT_FOUND');
      return view(job);
    },
  };
}

function view(job: ImportJob & { lang?: Language; ownerId?: string }): ImportJob {
  const { lang: _l, ownerId: _o, ...rest } = job;
  return rest;
}
