/**
 * Work-chat group robots, as government offices use them: DingTalk custom robots (钉钉自定义机器人, also on
 * government DingTalk / 浙政钉 deployments: the base URL is configuration) and WeCom group robots (企业微信群机器人).
 * Both receive a Markdown message in Chinese with a link into the console.
 *
 * DingTalk (加签): stringToSign = timestamp + "\n" + secret; sign = urlEncode(base64(HmacSHA256(key = secret,
 * stringToSign))), UTF-8; sent as `&timestamp=<ms>&sign=<sign>` after `?access_token=<token>`. The timestamp must be
 * within an hour of DingTalk's clock: wall time, never the business clock. Body: {msgtype: 'markdown', markdown:
 * {title, text}}. WeCom: POST `<base>?key=<key>` with {msgtype: 'markdown', markdown: {content}}.
 * Both answer HTTP 200 with {errcode, errmsg}: 0 is success; a rate-limit code (DingTalk 130101, WeCom 45009) is
 * transient (retry after the minute); any other code is permanent (bad token, bad signature, keyword missing).
 * Each robot accepts 20 messages a minute: the delivery scheduler spaces them (robot-rate.ts) so these codes stay rare.
 */
import { createHmac } from 'node:crypto';
import { composeNotice } from '../render/compose-notice';
import { documentToMarkdown } from '../render/render-markdown';
import type { Notice } from '../render/notice.types';
import { DeliveryError, isPermanentHttpStatus } from './delivery-error';

export type RobotAddress = { kind: 'dingtalk'; token: string; secret?: string | null } | { kind: 'wecom'; key: string };

export interface RobotChannelOptions {
  dingtalkBaseUrl: string;
  wecomBaseUrl: string;
  /** Where people open the console, e.g. https://kaohe.example.gov.cn/console/ */
  consoleBaseUrl: string;
  timeoutMs: number;
  /** Wall time for DingTalk's timestamp (tests pass a fixed one). */
  now?: () => number;
}

/** Rate-limit answers: wait for the next minute. */
const RATE_LIMITED = new Set([130101, 45009]);

/** DingTalk's signature of `timestamp` (before URL encoding). */
export function dingtalkSignature(secret: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${timestamp}\n${secret}`, 'utf8')).digest('base64');
}

/** The send URL of a robot: DingTalk with access_token (and timestamp & sign when it has a secret), WeCom with key. */
export function robotUrl(address: RobotAddress, o: Pick<RobotChannelOptions, 'dingtalkBaseUrl' | 'wecomBaseUrl'>, timestamp: number): string {
  if (address.kind === 'wecom') return `${o.wecomBaseUrl}?key=${encodeURIComponent(address.key)}`;
  const base = `${o.dingtalkBaseUrl}?access_token=${encodeURIComponent(address.token)}`;
  if (!address.secret) return base;
  const ts = String(timestamp);
  return `${base}&timestamp=${ts}&sign=${encodeURIComponent(dingtalkSignature(address.secret, ts))}`;
}

/** The Markdown message: the notice as Markdown, then a link into the console's inbox. */
export function robotMarkdown(notice: Notice, consoleBaseUrl: string): { title: string; text: string } {
  const doc = composeNotice(notice);
  const link = `${consoleBaseUrl.replace(/\/?$/, '/')}inbox`;
  return { title: doc.subject, text: `${documentToMarkdown(doc)}\n\n[在考核系统中查看](${link})` };
}

export function robotBody(address: RobotAddress, notice: Notice, consoleBaseUrl: string): unknown {
  const md = robotMarkdown(notice, consoleBaseUrl);
  return address.kind === 'dingtalk'
    ? { msgtype: 'markdown', markdown: { title: md.title, text: md.text } }
    : { msgtype: 'markdown', markdown: { content: `### ${md.title}\n\n${md.text}` } };
}

export class RobotChannel {
  constructor(private readonly o: RobotChannelOptions) {}

  async send(address: RobotAddress, notice: Notice): Promise<void> {
    const url = robotUrl(address, this.o, (this.o.now ?? Date.now)());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.o.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(robotBody(address, notice, this.o.consoleBaseUrl)),
        redirect: 'manual', signal: controller.signal,
      });
      status = res.status;
      text = (await res.text()).slice(0, 500);
    } catch (e) {
      if (controller.signal.aborted) throw DeliveryError.transient(`${address.kind} robot timed out after ${this.o.timeoutMs} ms`, { cause: e });
      throw DeliveryError.transient(`${address.kind} robot request failed: ${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
    if (status < 200 || status >= 300) {
      const reason = `${address.kind} robot: HTTP ${status} ${text}`;
      throw isPermanentHttpStatus(status) ? DeliveryError.permanent(reason, { status }) : DeliveryError.transient(reason, { status });
    }
    let errcode: number;
    try {
      errcode = Number(JSON.parse(text).errcode);
    } catch {
      throw DeliveryError.transient(`${address.kind} robot: unreadable answer ${text}`);
    }
    if (errcode === 0) return;
    const reason = `${address.kind} robot: errcode ${errcode} ${text}`;
    if (RATE_LIMITED.has(errcode)) throw DeliveryError.transient(reason, { retryAfterMs: 60_000 });
    throw DeliveryError.permanent(reason);
  }
}
