/**
 * The typed API client (openapi-fetch over the schema generated from the server's OpenAPI: `npm run api:schema`).
 * Every request carries the session's bearer token, refreshed shortly before it expires; a 401 the refresh cannot
 * cure ends the session (the console shows 会话已结束，请重新登录).
 */
import createClient from 'openapi-fetch';
import type { paths } from './openapi';
import { session } from './session';

/** An error answer of the API: a stable English `code`, a Chinese `message` saying what to do, the fields concerned. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

export async function failureOf(res: Response): Promise<ApiFailure> {
  let body: any = null;
  try {
    body = await res.clone().json();
  } catch {
    /* not JSON */
  }
  const message = body?.message || (res.status >= 500 ? '服务器暂时无法处理，请稍后重试' : `请求未成功（${res.status}）`);
  return new ApiFailure(res.status, body?.code ?? String(res.status), message, Array.isArray(body?.details) ? body.details : []);
}

/** fetch with the session's token; one refresh-and-retry on 401, then the session is over. */
export async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const retry = request.clone();
  await session.ensureFresh();
  const send = (r: Request) => {
    const token = session.accessToken();
    if (token) r.headers.set('Authorization', `Bearer ${token}`);
    return fetch(r);
  };
  const res = await send(request);
  if (res.status !== 401 || !session.accessToken()) return res;
  if (await session.refresh()) return send(retry);
  session.end('expired');
  return res;
}

export const client = createClient<paths>({ baseUrl: '', fetch: (req: Request) => authFetch(req) });

/** The data of an openapi-fetch answer, or an ApiFailure (thrown) carrying the server's message. */
export async function unwrap<T = any>(p: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) throw await failureOf(response);
  return data as T;
}

/** For operations the schema does not describe yet (or multipart): a plain call with the session. */
export async function call<T = any>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await authFetch(url, init);
  if (!res.ok) throw await failureOf(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}
