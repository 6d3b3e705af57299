import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readPdfText } from '../render/pdf-text.testing';
import { sampleIndependentResult, sampleReminder } from '../render/sample-notices';
import type { EmailAddress, OutgoingMessage } from './channel';
import { DeliveryError } from './delivery-error';
import { EmailChannel, messageIdFor } from './email.channel';
import { decodeHeaderWords, headerParam, leafParts, parseMime } from './raw-mime.testing';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 (no TLS, no auth). Recipients at reject.example get 550,
 * at busy.example 451, like a real MTA.
 */
async function startSmtp() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@reject.example')) {
        return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      }
      if (address.address.endsWith('@busy.example')) {
        return callback(Object.assign(new Error('4.3.2 try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const FROM = '"城东街道考核领导小组" <kaohe@chengdong.example.gov.cn>';

function mail(to: string, overrides: Partial<OutgoingMessage<EmailAddress>> = {}): OutgoingMessage<EmailAddress> {
  return {
    deliveryId: 'dlv-2026-cd-001-hr',
    notice: sampleIndependentResult({ recipientRole: 'organisation_department', recipient: { name: '区委组织部' } }),
    address: { kind: 'email', to, name: '区委组织部干部科' },
    ...overrides,
  };
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

describe('EmailChannel against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let channel: EmailChannel;

  beforeAll(async () => {
    smtp = await startSmtp();
    channel = new EmailChannel({ smtpUrl: smtp.url, from: FROM, timeoutMs: 5000 });
  });
  afterAll(async () => {
    channel.close();
    await smtp.close();
  });

  it('sends the 抄告单 with a Chinese subject, text and HTML bodies and the PDF attached', async () => {
    const result = await channel.send(mail('ganbuke@zzb.example.gov.cn'));
    expect(result.ok).toBe(true);
    expect(result.receipt).toContain('<notice.dlv-2026-cd-001-hr@chengdong.example.gov.cn>');

    expect(smtp.mails).toHaveLength(1);
    const [m] = smtp.mails;
    expect(m.from).toBe('kaohe@chengdong.example.gov.cn');
    expect(m.to).toEqual(['ganbuke@zzb.example.gov.cn']);

    const root = parseMime(m.raw);
    expect(decodeHeaderWords(root.headers.get('subject')!)).toBe(
      '城东考〔2026〕1号 关于2026年度派驻机构考核结果的抄告单（城东派出所）',
    );
    expect(root.headers.get('message-id')).toBe('<notice.dlv-2026-cd-001-hr@chengdong.example.gov.cn>');
    expect(root.headers.get('x-notice-delivery-id')).toBe('dlv-2026-cd-001-hr');
    expect(decodeHeaderWords(root.headers.get('to')!)).toContain('区委组织部干部科');

    const leaves = leafParts(root);
    const text = leaves.find((p) => p.headers.get('content-type')?.startsWith('text/plain'))!;
    const html = leaves.find((p) => p.headers.get('content-type')?.startsWith('text/html'))!;
    const pdf = leaves.find((p) => p.headers.get('content-type')?.startsWith('application/pdf'))!;

    const body = text.body.toString('utf8');
    expect(body).toContain('区委组织部：');
    expect(body).toContain('现将区公安分局派驻我街道的城东派出所（独立派驻）2026年度考核结果抄告如下');
    expect(body).toContain('考核等次为优秀');
    expect(body).toContain('特此抄告。');
    expect(html.body.toString('utf8')).toContain('<html lang="zh-CN">');

    expect(headerParam(pdf.headers.get('content-disposition'), 'filename')).toBe('城东考〔2026〕1号.pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.body.length).toBeLessThan(200_000);
    const { text: pdfText } = await readPdfText(pdf.body);
    expect(pdfText.replace(/\s+/g, '')).toContain('城东派出所');
    expect(pdfText.replace(/\s+/g, '')).toContain('城东考〔2026〕1号');
  });

  it('a resend carries the same Message-ID', async () => {
    const before = smtp.mails.length;
    await channel.send(mail('a@zzb.example.gov.cn', { deliveryId: 'dlv-resend' }));
    await channel.send(mail('a@zzb.example.gov.cn', { deliveryId: 'dlv-resend' }));
    const ids = smtp.mails.slice(before).map((m) => parseMime(m.raw).headers.get('message-id'));
    expect(ids).toEqual(['<notice.dlv-resend@chengdong.example.gov.cn>', '<notice.dlv-resend@chengdong.example.gov.cn>']);
  });

  it('attaches no PDF to a reminder', async () => {
    const before = smtp.mails.length;
    await channel.send(
      mail('station@example.gov.cn', {
        deliveryId: 'dlv-reminder',
        notice: sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 2 }),
      }),
    );
    const root = parseMime(smtp.mails[before].raw);
    expect(leafParts(root).some((p) => p.headers.get('content-type')?.startsWith('application/pdf'))).toBe(false);
    expect(decodeHeaderWords(root.headers.get('subject')!)).toBe('关于提交2026年度自评表的提醒（城东派出所）');
    const text = leafParts(root).find((p) => p.headers.get('content-type')?.startsWith('text/plain'))!;
    expect(text.body.toString('utf8')).toContain('距截止还有2天');
  });

  it('550 for the recipient is permanent, 451 is transient', async () => {
    const rejected = await failure(channel.send(mail('nobody@reject.example')));
    expect(rejected.permanent).toBe(true);
    expect(rejected.status).toBe(550);
    const busy = await failure(channel.send(mail('someone@busy.example')));
    expect(busy.permanent).toBe(false);
    expect(busy.status).toBe(451);
  });

  it('connection refused is transient', async () => {
    const down = await startSmtp();
    await down.close();
    const dead = new EmailChannel({ smtpUrl: down.url, from: FROM, timeoutMs: 2000 });
    try {
      const err = await failure(dead.send(mail('x@example.gov.cn')));
      expect(err.permanent).toBe(false);
      expect(err.reason).toMatch(/ECONNECTION|ECONNREFUSED|ESOCKET/);
    } finally {
      dead.close();
    }
  });
});

describe('messageIdFor', () => {
  it('keeps safe ids and encodes the rest', () => {
    expect(messageIdFor('3f2a-01', 'x.gov.cn')).toBe('<notice.3f2a-01@x.gov.cn>');
    expect(messageIdFor('a b@c<d>', 'x.gov.cn')).toBe('<notice.a=20b=40c=3cd=3e@x.gov.cn>');
  });
});
