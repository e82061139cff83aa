import { useCallback, useState } from 'react';

/**
 * Walking a keyset-paged list: the cursor of the page shown, and those of the pages before it
 * (a keyset list goes forward by the last row's key; going back returns to a cursor already seen).
 * A change of `resetKey` (the filters, the sort) starts again from the first page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[]; cursor: string | undefined }>({ key: resetKey, stack: [], cursor: undefined });
  const current = state.key === resetKey ? state : { key: resetKey, stack: [], cursor: undefined };
  if (current !== state) setState(current);
  const next = useCallback((cursor: string) => setState((s) => ({ key: s.key, stack: [...s.stack, s.cursor], cursor })), []);
  const previous = useCallback(() => setState((s) => (s.stack.length === 0 ? s : { key: s.key, stack: s.stack.slice(0, -1), cursor: s.stack[s.stack.length - 1] })), []);
  const first = useCallback(() => setState((s) => ({ key: s.key, stack: [], cursor: undefined })), []);
  return { cursor: current.cursor, pageIndex: current.stack.length, next, previous, first };
}
