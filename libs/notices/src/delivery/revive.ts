import type { Notice, NoticeKind } from '../render/notice.types';

/** A notice read back from JSON (notices.payload): instants are strings there and become Dates again. */
export function reviveNotice(payload: unknown): Notice {
  const n = payload as Notice;
  if (n.kind === 'delivery_failed' && typeof (n.failed as any).failedAt === 'string') {
    return { ...n, failed: { ...n.failed, failedAt: new Date((n.failed as any).failedAt) } };
  }
  return n;
}

const RENDER_KINDS: readonly NoticeKind[] = ['result_notice', 'reminder', 'overdue_notice', 'late_list', 'delivery_failed', 'calendar_warning', 'handoff'];

/**
 * Whether a stored payload is a notice this version can lay out. A row without one (an empty payload, written by
 * hand or before its kind existed) is shown by its title instead of failing the whole inbox.
 */
export function isNoticePayload(payload: unknown): payload is Notice {
  return typeof payload === 'object' && payload !== null && RENDER_KINDS.includes((payload as { kind?: NoticeKind }).kind as NoticeKind);
}
