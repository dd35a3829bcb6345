/**
 * Whether a heavy figure may load before the reader reaches it. Loading ahead (when the page is idle)
 * is what lets the attack lab answer within a few hundred milliseconds of scrolling into view, at the
 * price of about 0.8 MB that a reader who never reaches the figure downloads anyway. A reader who asked
 * the browser to save data, or whose connection is reported as 2G, keeps the price only if they reach
 * the figure. (Network Information API: `saveData`, `effectiveType`; absent in some browsers, which
 * then load ahead.)
 */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
}

export function mayLoadAhead(connection: ConnectionHints | undefined | null): boolean {
  if (!connection) return true;
  if (connection.saveData === true) return false;
  return !/(^|-)2g$/.test(connection.effectiveType ?? '');
}
