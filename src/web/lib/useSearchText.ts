import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';

/**
 * The text typed in a list's search box, kept in step with `value.q` in the URL: typing lands there
 * after a pause (and goes back to the first page), and a change of the URL shows in the box.
 * `clear` empties the box and drops every filter.
 */
export function useSearchText<S extends { q?: string; page?: number }>(value: S, onChange: (next: S) => void) {
  const [q, setQ] = useState(value.q ?? '');
  const [debouncedQ] = useDebouncedValue(q, 300);

  useEffect(() => {
    if ((debouncedQ.trim() || undefined) !== value.q) onChange({ ...value, q: debouncedQ.trim() || undefined, page: undefined });
    // Only the typed text drives this; the rest of the filters are passed through.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);

  useEffect(() => {
    if ((value.q ?? '') !== q.trim()) setQ(value.q ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value.q]);

  const clear = () => {
    setQ('');
    onChange({} as S);
  };

  return { q, setQ, clear };
}
