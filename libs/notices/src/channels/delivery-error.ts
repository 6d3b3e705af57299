/**
 * A failed send. `permanent` means retrying the same message cannot help (bad address, rejected
 * request, wrong credentials): the delivery layer stops and tells the coordinators. Anything else is
 * transient (server errors, timeouts, refused connections) and is retried with backoff.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly reason: string;
  /** HTTP status or SMTP reply code, when the far end answered. */
  readonly status?: number;
  /** From a Retry-After header: the earliest sensible retry, in ms. */
  readonly retryAfterMs?: number;

  constructor(reason: string, options: { permanent: boolean; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.reason = reason;
    this.permanent = options.permanent;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  static permanent(reason: string, extra: { status?: number; cause?: unknown } = {}): DeliveryError {
    return new DeliveryError(reason, { ...extra, permanent: true });
  }

  static transient(reason: string, extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {}): DeliveryError {
    return new DeliveryError(reason, { ...extra, permanent: false });
  }
}

/** 4xx means "your request is wrong" except 408 (timeout) and 429 (slow down); 5xx is the server's trouble. */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** SMTP: 5yz replies are permanent, 4yz are "try again later" (RFC 5321 §4.2.1). */
export function isPermanentSmtpCode(code: number): boolean {
  return code >= 500 && code < 600;
}
