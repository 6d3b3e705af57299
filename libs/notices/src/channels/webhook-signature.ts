import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing scheme (what a receiver must check):
 *
 *   X-Signature-Timestamp: <milliseconds since the Unix epoch, decimal>
 *   X-Signature:           base64( HMAC-SHA256( key = recipient secret (UTF-8),
 *                                               message = `${timestamp}\n${raw request body}` ) )
 *   Idempotency-Key:       <delivery id>; identical on every retry of the same notice
 *
 * The receiver recomputes the HMAC over the raw body bytes (before any JSON parsing), compares in
 * constant time, rejects timestamps outside a window (default ±5 min) against replay, and ignores a
 * second request with an Idempotency-Key it has already processed.
 */
export const SIGNATURE_HEADER = 'X-Signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export function signWebhookBody(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}\n`).update(body).digest('base64');
}

export interface VerifyWebhookSignatureInput {
  secret: string;
  /** The X-Signature-Timestamp header value. */
  timestamp: string | undefined;
  /** The X-Signature header value. */
  signature: string | undefined;
  /** The raw request body exactly as received. */
  body: string | Buffer;
  /** The receiver's current time; defaults to the system clock. */
  now?: Date;
  toleranceMs?: number;
}

export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): boolean {
  const { secret, timestamp, signature, body } = input;
  if (!timestamp || !signature || !/^\d{1,16}$/.test(timestamp)) return false;
  const now = (input.now ?? new Date()).getTime();
  if (Math.abs(now - Number(timestamp)) > (input.toleranceMs ?? DEFAULT_SIGNATURE_TOLERANCE_MS)) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
