import { useMediaQuery } from '@mantine/hooks';

/** True below Mantine's `sm` breakpoint (48em): lists turn into cards. */
export function useIsPhone(): boolean {
  const initial = typeof window !== 'undefined' && window.matchMedia('(max-width: 47.99em)').matches;
  return useMediaQuery('(max-width: 47.99em)', initial, { getInitialValueInEffect: false }) ?? initial;
}
