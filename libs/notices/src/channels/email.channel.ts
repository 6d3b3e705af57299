import { createTransport } from 'nodemailer';
import { composeNotice } from '../render/compose-notice';
import { documentToHtml } from '../render/render-html';
import { renderPdf } from '../render/render-pdf';
import { documentToText } from '../render/render-text';
import type { Channel, EmailAddress, OutgoingMessage, SendResult } from './channel';
import { DeliveryError, isPermanentSmtpCode } from './delivery-error';

export interface EmailChannelOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465 */
  smtpUrl: string;
  /** Sender, e.g. `"城东街道考核领导小组" <kaohe@chengdong.example.gov.cn>` */
  from: string;
  /** Right-hand side of Message-IDs; defaults to the sender's domain. */
  messageIdDomain?: string;
  /** Connection, greeting and socket inactivity timeout. */
  timeoutMs?: number;
}

// Socket-level and protocol trouble: the next attempt may reach a healthy server.
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNREFUSED', 'ECONNRESET']);
// Configuration or message faults that the same message will hit again.
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EREQUIRETLS']);

/** Derives a stable Message-ID from the delivery id, so a resend is recognisable as the same message. */
export function messageIdFor(deliveryId: string, domain: string): string {
  const local = deliveryId.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, (c) => `=${c.charCodeAt(0).toString(16)}`);
  return `<notice.${local}@${domain}>`;
}

function domainOf(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  if (!m) throw new Error(`cannot find a domain in sender "${from}"; set messageIdDomain`);
  return m[1];
}

export function classifySmtpError(err: unknown): DeliveryError {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const reason = e.response ?? e.message ?? String(err);
  if (typeof e.responseCode === 'number') {
    const text = `SMTP ${e.responseCode}: ${reason}`;
    return isPermanentSmtpCode(e.responseCode)
      ? DeliveryError.permanent(text, { status: e.responseCode, cause: err })
      : DeliveryError.transient(text, { status: e.responseCode, cause: err });
  }
  const text = `SMTP ${e.code ?? 'error'}: ${reason}`;
  if (e.code && PERMANENT_CODES.has(e.code)) return DeliveryError.permanent(text, { cause: err });
  if (e.code && TRANSIENT_CODES.has(e.code)) return DeliveryError.transient(text, { cause: err });
  return DeliveryError.transient(text, { cause: err });
}

export class EmailChannel implements Channel<'email'> {
  readonly kind = 'email' as const;
  private readonly transport;
  private readonly from: string;
  private readonly messageIdDomain: string;

  constructor(options: EmailChannelOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    this.from = options.from;
    this.messageIdDomain = options.messageIdDomain ?? domainOf(options.from);
    this.transport = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: OutgoingMessage<EmailAddress>): Promise<SendResult> {
    const doc = composeNotice(message.notice);
    const attachments =
      message.notice.kind === 'result_notice'
        ? [
            {
              filename: `${doc.noticeNumber ?? doc.title}.pdf`,
              // Byte-stable per notice, so every resend attaches the identical file.
              content: await renderPdf(message.notice),
              contentType: 'application/pdf',
            },
          ]
        : [];
    const messageId = messageIdFor(message.deliveryId, this.messageIdDomain);
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.address.name ? { name: message.address.name, address: message.address.to } : message.address.to,
        subject: doc.subject,
        text: documentToText(doc),
        html: documentToHtml(doc),
        attachments,
        messageId,
        // Base64 is smaller than quoted-printable for mostly-CJK text.
        textEncoding: 'base64',
        headers: { 'X-Notice-Delivery-Id': message.deliveryId, 'X-Notice-Kind': doc.kind },
      });
      if (info.rejected && info.rejected.length > 0) {
        throw DeliveryError.permanent(`recipient rejected: ${info.rejected.join(', ')}`);
      }
      return { ok: true, receipt: `${info.response} ${messageId}` };
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      throw classifySmtpError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
