import { MasterDataError } from './errors';

/** How a recipient (department, station) receives notices. */
export const CHANNELS = ['inbox', 'webhook', 'email', 'dingtalk', 'wecom'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Delivery {
  channels: Channel[];
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** DingTalk custom robot: its access_token, and its signing secret (加签, SEC…) when set. */
  dingtalkToken: string | null;
  dingtalkSecret: string | null;
  /** WeCom group robot: the key of its webhook URL. */
  wecomKey: string | null;
}

export const DELIVERY_COLUMNS = {
  channels: 'channels', email: 'email', webhookUrl: 'webhook_url', webhookSecret: 'webhook_secret',
  dingtalkToken: 'dingtalk_token', dingtalkSecret: 'dingtalk_secret', wecomKey: 'wecom_key',
} as const;

/** The delivery part of a row as the API shows it: the secret itself never leaves the server. */
export function deliveryView(row: Record<string, any>) {
  return {
    channels: row.channels as Channel[],
    email: row.email as string | null,
    webhookUrl: row.webhook_url as string | null,
    hasWebhookSecret: row.webhook_secret !== null,
    hasDingtalkRobot: row.dingtalk_token != null,
    hasDingtalkSecret: row.dingtalk_secret != null,
    hasWecomRobot: row.wecom_key != null,
  };
}

/** A channel needs its address: e-mail `email`, webhook `webhookUrl` and `webhookSecret`, DingTalk `dingtalkToken`, WeCom `wecomKey`. */
export function checkDelivery(d: Partial<Delivery>): void {
  const channels = d.channels ?? [];
  if (!channels.length) throw MasterDataError.invalid('channels', 'at least one channel is needed');
  if (channels.includes('email') && !d.email) throw MasterDataError.invalid('email', 'required for the email channel');
  if (channels.includes('webhook') && !d.webhookUrl) throw MasterDataError.invalid('webhookUrl', 'required for the webhook channel');
  if (channels.includes('webhook') && !d.webhookSecret) throw MasterDataError.invalid('webhookSecret', 'required for the webhook channel');
  if (channels.includes('dingtalk') && !d.dingtalkToken) throw MasterDataError.invalid('dingtalkToken', 'required for the dingtalk channel');
  if (channels.includes('wecom') && !d.wecomKey) throw MasterDataError.invalid('wecomKey', 'required for the wecom channel');
}

/** The row's delivery settings with the given changes on top (for checks before an update). */
export function mergedDelivery(row: Record<string, any>, changes: Partial<Delivery>): Partial<Delivery> {
  const pick = <K extends keyof Delivery>(k: K, col: string) => (changes[k] !== undefined ? changes[k] : row[col]);
  return {
    channels: pick('channels', 'channels'),
    email: pick('email', 'email'),
    webhookUrl: pick('webhookUrl', 'webhook_url'),
    webhookSecret: pick('webhookSecret', 'webhook_secret'),
    dingtalkToken: pick('dingtalkToken', 'dingtalk_token'),
    dingtalkSecret: pick('dingtalkSecret', 'dingtalk_secret'),
    wecomKey: pick('wecomKey', 'wecom_key'),
  };
}
