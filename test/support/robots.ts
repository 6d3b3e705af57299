/**
 * Local stand-ins for the work-chat robots, checking requests as the vendors document them:
 * - DingTalk custom robot: POST <base>?access_token=…&timestamp=<ms>&sign=<urlEncode(base64(HmacSHA256(secret,
 *   timestamp + "\n" + secret)))>, timestamp within an hour; body {msgtype: 'markdown', markdown: {title, text}};
 * - WeCom group robot: POST <base>?key=…; body {msgtype: 'markdown', markdown: {content}}.
 * Each robot accepts `perWindow` messages per `windowMs` (the vendors: 20 a minute) and refuses more with the
 * vendor's rate-limit code (DingTalk 130101, WeCom 45009), recording the refusal.
 */
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RobotHit {
  vendor: 'dingtalk' | 'wecom';
  robot: string;
  at: number;
  body: any;
  rawQuery: string;
}

export interface RobotReceivers {
  dingtalkBaseUrl: string;
  wecomBaseUrl: string;
  hits: RobotHit[];
  refused: RobotHit[];
  badSignatures: string[];
  close(): Promise<void>;
}

export async function startRobotReceivers(o: { dingtalkSecrets: Record<string, string>; perWindow: number; windowMs: number }): Promise<RobotReceivers> {
  const hits: RobotHit[] = [];
  const refused: RobotHit[] = [];
  const badSignatures: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://robot.test');
      const rawQuery = (req.url ?? '').split('?')[1] ?? '';
      const answer = (errcode: number, errmsg: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errcode, errmsg }));
      let body: any;
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return answer(40035, 'bad json'); }
      const vendor = url.pathname === '/robot/send' ? 'dingtalk' : url.pathname === '/cgi-bin/webhook/send' ? 'wecom' : undefined;
      if (!vendor) return res.writeHead(404).end();
      const robot = vendor === 'dingtalk' ? url.searchParams.get('access_token') ?? '' : url.searchParams.get('key') ?? '';
      if (vendor === 'dingtalk') {
        const secret = o.dingtalkSecrets[robot];
        const ts = url.searchParams.get('timestamp') ?? '';
        const expected = secret ? createHmac('sha256', secret).update(`${ts}\n${secret}`, 'utf8').digest('base64') : '';
        const fresh = Math.abs(Date.now() - Number(ts)) < 3_600_000;
        // the sign arrives URL-encoded: the raw query carries exactly encodeURIComponent(base64)
        if (!secret || !fresh || url.searchParams.get('sign') !== expected || !rawQuery.includes(`sign=${encodeURIComponent(expected)}`)) {
          badSignatures.push(rawQuery);
          return answer(310000, 'sign not match');
        }
        if (body?.msgtype !== 'markdown' || typeof body.markdown?.title !== 'string' || typeof body.markdown?.text !== 'string') return answer(40035, 'bad markdown');
      } else if (body?.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string') return answer(40008, 'bad markdown');
      const hit: RobotHit = { vendor, robot, at: Date.now(), body, rawQuery };
      const recent = hits.filter((h) => h.vendor === vendor && h.robot === robot && h.at > hit.at - o.windowMs).length;
      if (recent >= o.perWindow) {
        refused.push(hit);
        return answer(vendor === 'dingtalk' ? 130101 : 45009, 'send too fast');
      }
      hits.push(hit);
      answer(0, 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    dingtalkBaseUrl: `http://127.0.0.1:${port}/robot/send`,
    wecomBaseUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send`,
    hits, refused, badSignatures,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
