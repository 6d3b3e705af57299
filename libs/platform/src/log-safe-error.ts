/**
 * An error as it may appear in a log: what it is and where it happened, never the data it carried. A failed
 * query's parameters (password and token hashes, a 20 MB report) and PostgreSQL's row-bearing fields (`detail`:
 * "Failing row contains (…)", "Key (username)=(…)"; `where`; `internalQuery`) are dropped, a quoted value in
 * PostgreSQL's message (`invalid input syntax for type uuid: "…"`) is replaced, the query text is kept (it has
 * placeholders, not values) but shortened.
 */
const KEPT_FIELDS = ['code', 'severity', 'table', 'column', 'constraint', 'schema', 'dataType', 'routine', 'status', 'field'];
const MAX_MESSAGE = 300;
const MAX_QUERY = 500;

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s);

/** PostgreSQL quotes the offending value after a colon; identifiers ("relation \"users\"") are not after one. */
const redactValues = (message: string) => message.replace(/: "(?:[^"]|"")*"/g, ': "[redacted]"');

export function logSafeError(error: unknown, depth = 0): unknown {
  if (error === null || typeof error !== 'object') return error;
  const e = error as Record<string, any>;
  const message = shorten(redactValues(String(e.message ?? '')), MAX_MESSAGE);
  const out: Record<string, unknown> = { type: e.name ?? e.type ?? e.constructor?.name ?? 'Error', message };
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((l: string) => /^\s+at /.test(l));
    out.stack = [`${out.type}: ${message}`, ...frames].join('\n');
  }
  for (const k of KEPT_FIELDS) if (typeof e[k] === 'string' || typeof e[k] === 'number') out[k] = e[k];
  if (typeof e.query === 'string') out.query = shorten(e.query, MAX_QUERY);
  if (Array.isArray(e.parameters)) out.parameters = `[${e.parameters.length} redacted]`;
  else if (typeof e.parameters === 'string' && /^\[\d+ redacted\]$/.test(e.parameters)) out.parameters = e.parameters; // already made safe
  if (depth < 3 && e.driverError && e.driverError !== error) out.driverError = logSafeError(e.driverError, depth + 1);
  if (depth < 3 && e.cause && e.cause !== error) out.cause = logSafeError(e.cause, depth + 1);
  return out;
}
