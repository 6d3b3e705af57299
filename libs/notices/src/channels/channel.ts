import type { Notice } from '../render/notice.types';

export type ChannelKind = 'inbox' | 'webhook' | 'email';

/** A chat-robot or system endpoint; `secret` signs each request (see webhook-signature.ts). */
export interface WebhookAddress {
  kind: 'webhook';
  url: string;
  secret: string;
}

export interface EmailAddress {
  kind: 'email';
  to: string;
  /** Display name, e.g. 区公安分局办公室 */
  name?: string;
}

/** The in-app inbox (DB-backed, implemented in the delivery layer): whose inbox. */
export interface InboxAddress {
  kind: 'inbox';
  recipientId: string;
}

export type ChannelAddress = WebhookAddress | EmailAddress | InboxAddress;
export type AddressOf<K extends ChannelKind> = Extract<ChannelAddress, { kind: K }>;

export interface OutgoingMessage<A extends ChannelAddress = ChannelAddress> {
  /**
   * The delivery record's id: one per (notice, recipient, channel), the same on every attempt.
   * Channels pass it on (Idempotency-Key, Message-ID) so a receiver can tell a retry from a new notice.
   */
  deliveryId: string;
  notice: Notice;
  address: A;
}

/** What the far end said, for the delivery record (e.g. `HTTP 200`, `250 OK queued as …`). */
export interface SendResult {
  ok: true;
  receipt?: string;
}

/**
 * One way of reaching a recipient. `send` resolves only when the far end accepted the message and
 * otherwise throws a `DeliveryError` saying whether retrying can help.
 */
export interface Channel<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  send(message: OutgoingMessage<AddressOf<K>>): Promise<SendResult>;
}
