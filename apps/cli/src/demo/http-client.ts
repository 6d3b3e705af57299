/** A tiny JSON client for the demo: every non-2xx answer becomes an error with the API's message, unless expected. */
export class Http {
  constructor(private readonly base: string) {}

  async call<T = any>(
    method: string, path: string, { token, body, form, expect }: { token?: string; body?: unknown; form?: FormData; expect?: number } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: form ?? (body !== undefined ? JSON.stringify(body) : undefined) });
    const type = res.headers.get('content-type') ?? '';
    const payload: any = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    if (expect !== undefined ? res.status !== expect : !res.ok) throw new Error(`${method} ${path} → ${res.status} ${payload?.message ?? ''}`);
    return payload as T;
  }

  get = <T = any>(path: string, token: string) => this.call<T>('GET', path, { token });
  post = <T = any>(path: string, token: string, body: unknown = {}) => this.call<T>('POST', path, { token, body });
  put = <T = any>(path: string, token: string, body: unknown) => this.call<T>('PUT', path, { token, body });
}
