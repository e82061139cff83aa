import { Suspense, useEffect, useState, type ReactNode } from 'react';

/** What has been shown once: on a later dashboard it shows at once, its code is here. */
const shown = new Set<string>();

/**
 * Its children once the browser is idle after the first screen was drawn, `fallback` until
 * then and while their code arrives. The charts' library (ECharts) is the heaviest code of the
 * home page; the counts above the charts are what a user opens it for, and come first.
 */
export function AfterFirstScreen({ name, fallback, children }: { name: string; fallback: ReactNode; children: ReactNode }) {
  const [ready, setReady] = useState(() => shown.has(name));
  useEffect(() => {
    if (ready) return;
    const go = () => {
      shown.add(name);
      setReady(true);
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(go, { timeout: 1000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(go, 50);
    return () => clearTimeout(id);
  }, [ready, name]);
  return <Suspense fallback={fallback}>{ready ? children : fallback}</Suspense>;
}
