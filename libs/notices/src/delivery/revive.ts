import type { Notice } from '../render/notice.types';

/** A notice read back from JSON (notices.payload): instants are strings there and become Dates again. */
export function reviveNotice(payload: unknown): Notice {
  const n = payload as Notice;
  if (n.kind === 'delivery_failed' && typeof (n.failed as any).failedAt === 'string') {
    return { ...n, failed: { ...n.failed, failedAt: new Date((n.failed as any).failedAt) } };
  }
  return n;
}
