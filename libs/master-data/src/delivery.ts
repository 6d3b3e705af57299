import { MasterDataError } from './errors';

/** How a recipient (department, station) receives notices. */
export const CHANNELS = ['inbox', 'webhook', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Delivery {
  channels: Channel[];
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export const DELIVERY_COLUMNS = {
  channels: 'channels', email: 'email', webhookUrl: 'webhook_url', webhookSecret: 'webhook_secret',
} as const;

/** The delivery part of a row as the API shows it: the secret itself never leaves the server. */
export function deliveryView(row: Record<string, any>) {
  return {
    channels: row.channels as Channel[],
    email: row.email as string | null,
    webhookUrl: row.webhook_url as string | null,
    hasWebhookSecret: row.webhook_secret !== null,
  };
}

/** A channel needs its address: e-mail needs `email`, webhook needs `webhookUrl` and `webhookSecret`. */
export function checkDelivery(d: Partial<Delivery>): void {
  const channels = d.channels ?? [];
  if (!channels.length) throw MasterDataError.invalid('channels', 'at least one channel is needed');
  if (channels.includes('email') && !d.email) throw MasterDataError.invalid('email', 'required for the email channel');
  if (channels.includes('webhook') && !d.webhookUrl) throw MasterDataError.invalid('webhookUrl', 'required for the webhook channel');
  if (channels.includes('webhook') && !d.webhookSecret) throw MasterDataError.invalid('webhookSecret', 'required for the webhook channel');
}

/** The row's delivery settings with the given changes on top (for checks before an update). */
export function mergedDelivery(row: Record<string, any>, changes: Partial<Delivery>): Partial<Delivery> {
  const pick = <K extends keyof Delivery>(k: K, col: string) => (changes[k] !== undefined ? changes[k] : row[col]);
  return {
    channels: pick('channels', 'channels'),
    email: pick('email', 'email'),
    webhookUrl: pick('webhookUrl', 'webhook_url'),
    webhookSecret: pick('webhookSecret', 'webhook_secret'),
  };
}
