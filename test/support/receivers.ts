/** Real local receivers for delivery tests: an HTTP webhook endpoint and an SMTP server, both counting. */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Queryable } from '@app/persistence';

export interface WebhookHit {
  path: string;
  key: string;
  body: any;
}

export interface WebhookReceiver {
  url: (path: string) => string;
  hits: WebhookHit[];
  /** How to answer the n-th request (0-based) to `path`: a status, or 'hang' (never answer). */
  behaviour: Map<string, (n: number) => number | 'hang'>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hits: WebhookHit[] = [];
  const behaviour = new Map<string, (n: number) => number | 'hang'>();
  const counts = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      let body: any;
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { body = null; }
      hits.push({ path, key: String(req.headers['idempotency-key'] ?? ''), body });
      const answer = behaviour.get(path)?.(n) ?? 200;
      if (answer === 'hang') return;
      res.writeHead(answer, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errcode: answer === 200 ? 0 : 1 }));
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    behaviour,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface SmtpReceiver {
  url: string;
  messages: { to: string[]; raw: string; messageId: string }[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: SmtpReceiver['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? '';
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, messageId });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T>, { timeoutMs = 30_000, everyMs = 100, what = 'condition' } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}


/** Waits until no delivery is pending (every job ran to delivered, failed or cancelled). */
export function settled(db: Queryable, timeoutMs = 60_000) {
  return waitFor(async () => {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`);
    return n === 0;
  }, { timeoutMs, what: 'all deliveries settled' });
}
