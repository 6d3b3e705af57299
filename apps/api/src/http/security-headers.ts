/**
 * helmet's headers, worked out once. For a fixed configuration (no per-request nonce) helmet sets the same headers on
 * every response; running its dozen middlewares per request to get them cost more than setting them. The headers are
 * recorded from one run on a stand-in response; a configuration that is not static (it asks for the request, answers
 * later or fails) keeps helmet's own middleware.
 */
type Middleware = (req: any, res: any, next: (err?: unknown) => void) => void;

export function precomputedHeaders(middleware: Middleware): Middleware {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  let passed = false;
  let dynamic = false;
  const req = new Proxy({}, { get: () => { dynamic = true; return undefined; } });
  const res = {
    setHeader: (name: string, value: string | string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  try {
    middleware(req, res, (err) => (passed = err === undefined));
  } catch {
    return middleware; // it wanted more of the response than headers: not static
  }
  if (!passed || dynamic) return middleware;
  return (_req, response, next) => {
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
    next();
  };
}
