import { composeNotice } from '../render/compose-notice';
import { documentToMarkdown } from '../render/render-markdown';
import type { Channel, OutgoingMessage, SendResult, WebhookAddress } from './channel';
import { DeliveryError, isPermanentHttpStatus } from './delivery-error';
import {
  IDEMPOTENCY_KEY_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  signWebhookBody,
} from './webhook-signature';

export interface WebhookChannelOptions {
  /** Whole request, response body included. */
  timeoutMs?: number;
  /**
   * Wall time for the signature timestamp and Retry-After dates (default: the system clock). Receivers check the
   * timestamp against their own clock, so never pass the business Clock, which tests and the demo simulate;
   * unit tests pass a fixed clock.
   */
  clock?: { now(): Date };
  userAgent?: string;
}

/** JSON body: the Markdown message chat-robot gateways display, plus the structured notice for systems. */
export interface WebhookPayload {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  notice: {
    deliveryId: string;
    kind: string;
    title: string;
    noticeNumber?: string;
    data: unknown;
  };
}

const RECEIPT_LIMIT = 500;

export function buildWebhookPayload(message: OutgoingMessage<WebhookAddress>): WebhookPayload {
  const doc = composeNotice(message.notice);
  return {
    msgtype: 'markdown',
    markdown: { title: doc.subject, text: documentToMarkdown(doc) },
    notice: {
      deliveryId: message.deliveryId,
      kind: doc.kind,
      title: doc.title,
      noticeNumber: doc.noticeNumber,
      data: message.notice,
    },
  };
}

/** Retry-After in seconds or as an HTTP date. */
function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

export class WebhookChannel implements Channel<'webhook'> {
  readonly kind = 'webhook' as const;
  private readonly timeoutMs: number;
  private readonly clock: { now(): Date };
  private readonly userAgent: string;

  constructor(options: WebhookChannelOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? { now: () => new Date() };
    this.userAgent = options.userAgent ?? 'station-assessment-notices/1';
  }

  async send(message: OutgoingMessage<WebhookAddress>): Promise<SendResult> {
    const { url, secret } = message.address;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw DeliveryError.permanent(`invalid webhook URL: ${url}`);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw DeliveryError.permanent(`webhook URL must be http(s): ${target.protocol}`);
    }

    const body = JSON.stringify(buildWebhookPayload(message));
    const timestamp = String(this.clock.now().getTime());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': this.userAgent,
          [SIGNATURE_TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, body),
          [IDEMPOTENCY_KEY_HEADER]: message.deliveryId,
        },
        body,
        // A redirected POST would be re-sent somewhere nobody configured: treat it as misconfiguration.
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = (await response.text()).slice(0, RECEIPT_LIMIT);
      const summary = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
      if (response.status >= 200 && response.status < 300) return { ok: true, receipt: summary };
      if (response.status >= 300 && response.status < 400) {
        throw DeliveryError.permanent(`webhook redirected (${response.status} to ${response.headers.get('location') ?? '?'})`, {
          status: response.status,
        });
      }
      if (isPermanentHttpStatus(response.status)) throw DeliveryError.permanent(summary, { status: response.status });
      throw DeliveryError.transient(summary, {
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.clock.now()),
      });
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      if (controller.signal.aborted) {
        throw DeliveryError.transient(`webhook timed out after ${this.timeoutMs} ms`, { cause: err });
      }
      // fetch rejects with TypeError("fetch failed") and the socket error as cause: ECONNREFUSED, ECONNRESET, ENOTFOUND …
      throw DeliveryError.transient(`webhook request failed: ${networkReason(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
}
