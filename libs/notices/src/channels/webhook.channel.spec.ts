import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleIndependentResult, sampleOverdue } from '../render/sample-notices';
import type { OutgoingMessage, WebhookAddress } from './channel';
import { DeliveryError } from './delivery-error';
import { delayAfterFailureMs, shouldRetry } from './retry-policy';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';
import { WebhookChannel, type WebhookPayload } from './webhook.channel';

const SECRET = 's3cret-城东';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

/** A real HTTP receiver on 127.0.0.1: verifies the signature, records each request, answers with `reply`. */
async function startReceiver(reply: (n: number, req: Received, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const rec: Received = {
        headers: req.headers,
        body: raw.toString('utf8'),
        signatureValid: verifyWebhookSignature({
          secret: SECRET,
          timestamp: req.headers['x-signature-timestamp'] as string | undefined,
          signature: req.headers['x-signature'] as string | undefined,
          body: raw,
        }),
      };
      received.push(rec);
      if (!rec.signatureValid) {
        res.writeHead(401).end('bad signature');
        return;
      }
      reply(received.length, rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a held-open request must not keep the test waiting
      }),
  };
}

function message(url: string, secret = SECRET): OutgoingMessage<WebhookAddress> {
  return { deliveryId: 'dlv-2026-cd-001-dept', notice: sampleIndependentResult(), address: { kind: 'webhook', url, secret } };
}

async function sendFailure(channel: WebhookChannel, msg: OutgoingMessage<WebhookAddress>): Promise<DeliveryError> {
  try {
    await channel.send(msg);
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

describe('WebhookChannel against a real HTTP receiver', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('delivers a signed JSON notice the receiver can verify', async () => {
    const rx = await startReceiver((_n, _r, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0}'));
    servers.push(rx);
    const result = await new WebhookChannel().send(message(rx.url));

    expect(result).toEqual({ ok: true, receipt: 'HTTP 200 {"errcode":0}' });
    expect(rx.received).toHaveLength(1);
    const [req] = rx.received;
    expect(req.signatureValid).toBe(true);
    expect(req.headers['idempotency-key']).toBe('dlv-2026-cd-001-dept');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');

    const payload = JSON.parse(req.body) as WebhookPayload;
    expect(payload.msgtype).toBe('markdown');
    expect(payload.markdown.title).toBe('城东考〔2026〕1号 关于2026年度派驻机构考核结果的抄告单（城东派出所）');
    expect(payload.markdown.text).toContain('考核等次为优秀');
    expect(payload.notice).toMatchObject({ deliveryId: 'dlv-2026-cd-001-dept', kind: 'result_notice', noticeNumber: '城东考〔2026〕1号' });
    expect((payload.notice.data as { station: { name: string } }).station.name).toBe('城东派出所');

    // The same signature check fails on a tampered body, a wrong secret or a stale timestamp.
    const ts = req.headers['x-signature-timestamp'] as string;
    const sig = req.headers['x-signature'] as string;
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: ts, signature: sig, body: req.body.replace('优秀', '良好') })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', timestamp: ts, signature: sig, body: req.body })).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, timestamp: ts, signature: sig, body: req.body, now: new Date(Number(ts) + 10 * 60_000) }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: undefined, signature: sig, body: req.body })).toBe(false);
  });

  it('signs `${timestamp}\\n${body}` with HMAC-SHA256 in base64 (documented scheme)', () => {
    const expected = createHmac('sha256', 'k').update('1767225600000\n{"a":"城东"}').digest('base64');
    expect(signWebhookBody('k', '1767225600000', '{"a":"城东"}')).toBe(expected);
    expect(
      verifyWebhookSignature({ secret: 'k', timestamp: '1767225600000', signature: expected, body: '{"a":"城东"}', now: new Date(1767225600000) }),
    ).toBe(true);
  });

  it('500, 500, then 200: retried with the retry policy, succeeds on attempt 3 with one idempotency key', async () => {
    const rx = await startReceiver((n, _r, res) => (n < 3 ? res.writeHead(500).end('busy') : res.writeHead(200).end('ok')));
    servers.push(rx);
    const channel = new WebhookChannel({ timeoutMs: 2000 });
    const policy = { baseMs: 5, maxMs: 50, factor: 2, maxAttempts: 5 };
    const msg = message(rx.url);
    const errors: DeliveryError[] = [];

    let attempt = 0;
    let result;
    for (;;) {
      attempt++;
      try {
        result = await channel.send(msg);
        break;
      } catch (err) {
        errors.push(err as DeliveryError);
        if (!shouldRetry(err, attempt, policy.maxAttempts)) throw err;
        await new Promise((r) => setTimeout(r, delayAfterFailureMs(err, attempt, policy)));
      }
    }

    expect(attempt).toBe(3);
    expect(result).toEqual({ ok: true, receipt: 'HTTP 200 ok' });
    expect(errors.map((e) => [e.permanent, e.status, e.reason])).toEqual([
      [false, 500, 'HTTP 500 busy'],
      [false, 500, 'HTTP 500 busy'],
    ]);
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['dlv-2026-cd-001-dept']));
    expect(rx.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('400 is permanent', async () => {
    const rx = await startReceiver((_n, _r, res) => res.writeHead(400).end('{"errmsg":"invalid msgtype"}'));
    servers.push(rx);
    const err = await sendFailure(new WebhookChannel(), message(rx.url));
    expect(err.permanent).toBe(true);
    expect(err.status).toBe(400);
    expect(err.reason).toBe('HTTP 400 {"errmsg":"invalid msgtype"}');
    expect(shouldRetry(err, 1, 10)).toBe(false);
  });

  it('a wrong secret is refused by the receiver (401): permanent', async () => {
    const rx = await startReceiver((_n, _r, res) => res.writeHead(200).end());
    servers.push(rx);
    const err = await sendFailure(new WebhookChannel(), message(rx.url, 'not-the-secret'));
    expect(err.permanent).toBe(true);
    expect(err.status).toBe(401);
  });

  it('408 and 429 are transient; Retry-After is kept', async () => {
    const rx = await startReceiver((n, _r, res) =>
      n === 1 ? res.writeHead(408).end() : res.writeHead(429, { 'Retry-After': '7' }).end('slow down'),
    );
    servers.push(rx);
    const channel = new WebhookChannel();
    const timeout = await sendFailure(channel, message(rx.url));
    expect([timeout.permanent, timeout.status]).toEqual([false, 408]);
    const limited = await sendFailure(channel, message(rx.url));
    expect([limited.permanent, limited.status, limited.retryAfterMs]).toEqual([false, 429, 7000]);
  });

  it('a redirect is not followed: permanent', async () => {
    const rx = await startReceiver((_n, _r, res) => res.writeHead(301, { Location: 'http://example.invalid/' }).end());
    servers.push(rx);
    const err = await sendFailure(new WebhookChannel(), message(rx.url));
    expect(err.permanent).toBe(true);
    expect(err.reason).toContain('redirected');
  });

  it('connection refused is transient', async () => {
    const rx = await startReceiver(() => undefined);
    await rx.close(); // the port is now closed
    const err = await sendFailure(new WebhookChannel(), message(rx.url));
    expect(err.permanent).toBe(false);
    expect(err.reason).toBe('webhook request failed: ECONNREFUSED');
    expect(shouldRetry(err, 1, 3)).toBe(true);
  });

  it('a receiver that never answers times out: transient', async () => {
    const rx = await startReceiver(() => undefined); // holds the request open
    servers.push(rx);
    const started = Date.now();
    const err = await sendFailure(new WebhookChannel({ timeoutMs: 300 }), message(rx.url));
    expect(err.permanent).toBe(false);
    expect(err.reason).toBe('webhook timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an unusable URL is permanent without any request', async () => {
    expect((await sendFailure(new WebhookChannel(), message('not a url'))).permanent).toBe(true);
    expect((await sendFailure(new WebhookChannel(), message('ftp://127.0.0.1/x'))).permanent).toBe(true);
  });

  it('uses the injected clock for the signature timestamp', async () => {
    const rx = await startReceiver((_n, _r, res) => res.writeHead(200).end());
    servers.push(rx);
    const fixed = new Date(Date.now() - 60_000);
    await new WebhookChannel({ clock: { now: () => fixed } }).send({ ...message(rx.url), notice: sampleOverdue() });
    expect(rx.received[0].headers['x-signature-timestamp']).toBe(String(fixed.getTime()));
  });
});
