/** A manual-entry key in groups of four, easier to read out and type: "JBSW Y3DP EHPK 3PXP". */
export function groupKey(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}
