/**
 * Sends one claimed delivery over its channel (webhook, e-mail, DingTalk or WeCom robot), with the recipient's
 * contact; throws a DeliveryError saying whether retrying can help. Misconfiguration (no URL, no address) is a
 * permanent failure, visible to the coordinators. Robots are sent by the robot channels (rate-limited upstream).
 */
import { reviveNotice } from '../delivery/revive';
import type { ClaimedDelivery, RecipientContact } from '../store/delivery-store';
import type { ChannelAddress } from './channel';
import { DeliveryError } from './delivery-error';
import { EmailChannel } from './email.channel';
import { RobotAddress, RobotChannel } from './robot.channel';
import { WebhookChannel } from './webhook.channel';

export interface ChannelSendersOptions {
  webhookTimeoutMs: number;
  /** Default webhook signing secret (a recipient may have its own). */
  webhookSecret?: string;
  smtpUrl?: string;
  mailFrom: string;
  robots: { dingtalkBaseUrl: string; wecomBaseUrl: string };
  consoleBaseUrl: string;
}

/** The robot a delivery goes to (null: not a robot channel); throws when the recipient has none configured. */
export function robotAddressOf(channel: string, contact: RecipientContact | undefined): RobotAddress | null {
  if (channel === 'dingtalk') {
    if (!contact?.dingtalkToken) throw DeliveryError.permanent('no DingTalk robot (access token) configured for the recipient');
    return { kind: 'dingtalk', token: contact.dingtalkToken, secret: contact.dingtalkSecret };
  }
  if (channel === 'wecom') {
    if (!contact?.wecomKey) throw DeliveryError.permanent('no WeCom robot (webhook key) configured for the recipient');
    return { kind: 'wecom', key: contact.wecomKey };
  }
  return null;
}

export class ChannelSenders {
  private readonly webhook: WebhookChannel;
  private readonly robots: RobotChannel;
  private email?: EmailChannel;

  constructor(private readonly options: ChannelSendersOptions) {
    // signatures and Retry-After are about the receiver's real time, never the (possibly simulated) business clock
    this.webhook = new WebhookChannel({ timeoutMs: options.webhookTimeoutMs });
    this.robots = new RobotChannel({ ...options.robots, consoleBaseUrl: options.consoleBaseUrl, timeoutMs: options.webhookTimeoutMs });
  }

  /** The address a delivery went to, for people (never a secret). */
  static addressOf(d: ClaimedDelivery): string | undefined {
    return d.address.url ?? d.address.to;
  }

  async send(d: ClaimedDelivery, contact: RecipientContact | undefined): Promise<void> {
    const notice = reviveNotice(d.payload);
    let address: ChannelAddress;
    switch (d.channel) {
      case 'webhook': {
        if (!contact?.webhookUrl) throw DeliveryError.permanent('no webhook URL configured for the recipient');
        const secret = contact.webhookSecret ?? this.options.webhookSecret;
        if (!secret) throw DeliveryError.permanent('no webhook secret configured (recipient or WEBHOOK_SECRET)');
        address = { kind: 'webhook', url: contact.webhookUrl, secret };
        await this.webhook.send({ deliveryId: d.id, notice, address });
        return;
      }
      case 'email': {
        if (!contact?.email) throw DeliveryError.permanent('no e-mail address configured for the recipient');
        address = { kind: 'email', to: contact.email, name: contact.name };
        await this.emailChannel().send({ deliveryId: d.id, notice, address });
        return;
      }
      case 'dingtalk':
      case 'wecom':
        await this.robots.send(robotAddressOf(d.channel, contact)!, notice);
        return;
      default:
        throw DeliveryError.permanent(`channel ${d.channel} cannot be sent here`);
    }
  }

  close(): void {
    this.email?.close();
  }

  private emailChannel(): EmailChannel {
    if (!this.options.smtpUrl) throw DeliveryError.permanent('e-mail is not configured (SMTP_URL)');
    this.email ??= new EmailChannel({ smtpUrl: this.options.smtpUrl, from: this.options.mailFrom, timeoutMs: 15_000 });
    return this.email;
  }
}
