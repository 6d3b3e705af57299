import helmet from 'helmet';
import { precomputedHeaders } from './security-headers';

/** A response that records what a middleware does to its headers. */
function recorder() {
  const headers = new Map<string, unknown>();
  return {
    headers,
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
}

function run(mw: (req: any, res: any, next: (e?: unknown) => void) => void, req: object = {}) {
  const res = recorder();
  res.setHeader('X-Powered-By', 'Express');
  let nextCalls = 0;
  mw(req, res, () => nextCalls++);
  return { headers: Object.fromEntries(res.headers), nextCalls };
}

describe('precomputedHeaders', () => {
  it('sets exactly the headers helmet sets, X-Powered-By removed, and passes on', () => {
    const options = { contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null, 'frame-src': ["'self'", 'blob:'] } } };
    const direct = run(helmet(options));
    const fast = precomputedHeaders(helmet(options));
    expect(Object.keys(direct.headers).length).toBeGreaterThan(10);
    expect(direct.headers['x-powered-by']).toBeUndefined();
    for (let i = 0; i < 2; i++) expect(run(fast)).toEqual(direct);
  });

  it('keeps a middleware that depends on the request', () => {
    const perRequest = (req: any, res: any, next: () => void) => { res.setHeader('X-Echo', String(req.url)); next(); };
    expect(precomputedHeaders(perRequest)).toBe(perRequest);
    const nonce = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", (_req: any, res: any) => `'nonce-${res.locals.nonce}'`] } } });
    expect(precomputedHeaders(nonce)).toBe(nonce);
  });
});
