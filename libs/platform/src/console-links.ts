/**
 * The web console's routes that the server links to (to-do items, hand-off notices): one table, so a to-do item and
 * the notice about the same hand-off lead to the same page. Paths are the console's own (apps/web/src/router: the
 * link routes resolve them per role); `consoleUrl` makes one absolute for e-mail and work-chat messages.
 */
export const consoleLink = {
  station: (year: number, stationId: string, page: 'records' | 'recognitions' | 'self-assessment' | 'scores' | 'result') =>
    `/console/years/${year}/stations/${stationId}/${page}`,
  /** A station user's own page of a year, whichever station (for one notice text sent to every station at once). */
  ownStation: (year: number, page: 'records' | 'recognitions' | 'self-assessment' | 'result') => `/console/years/${year}/station/${page}`,
  board: (year: number, query = '') => `/console/years/${year}/board${query}`,
  scoring: (year: number) => `/console/years/${year}/scoring`,
  results: (year: number) => `/console/years/${year}/results`,
  deliveries: () => '/console/deliveries',
  calendar: () => '/console/admin/calendars',
  inbox: () => '/console/inbox',
};

/** A console path (/console/…) under the configured CONSOLE_BASE_URL (which may sit under a proxy's prefix). */
export function consoleUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/?$/, '/')}${path.replace(/^\/console\//, '')}`;
}
