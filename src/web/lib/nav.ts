/** The path of the most specific menu item the current page belongs to ("/units/placements" over "/units"). */
export function activePath(pathname: string, paths: readonly string[]): string | null {
  const matching = paths.filter((p) => (p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(p + '/')));
  return [...matching].sort((a, b) => b.length - a.length)[0] ?? null;
}
