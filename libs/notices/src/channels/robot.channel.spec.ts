import { createHmac } from 'node:crypto';
import { dingtalkSignature, robotBody, robotUrl } from './robot.channel';
import { sampleReminder } from '../render/sample-notices';

const BASES = { dingtalkBaseUrl: 'https://oapi.dingtalk.com/robot/send', wecomBaseUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' };

describe('DingTalk custom robot (加签)', () => {
  it('signs timestamp + "\\n" + secret with HmacSHA256 keyed by the secret, Base64, then URL-encodes it', () => {
    const ts = '1796000000000';
    const secret = 'SECabc+/=xyz';
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(dingtalkSignature(secret, ts)).toBe(expected);
    expect(robotUrl({ kind: 'dingtalk', token: 'tok', secret }, BASES, Number(ts)))
      .toBe(`https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=${ts}&sign=${encodeURIComponent(expected)}`);
  });
  it('without a secret: the access token only; a government deployment’s base URL is used as configured', () => {
    expect(robotUrl({ kind: 'dingtalk', token: 'tok' }, { ...BASES, dingtalkBaseUrl: 'https://zzd.example.gov.cn/robot/send' }, 1))
      .toBe('https://zzd.example.gov.cn/robot/send?access_token=tok');
  });
});

describe('Markdown bodies', () => {
  it('DingTalk: markdown {title, text} in Chinese with the console link; WeCom: markdown {content}', () => {
    const notice = sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 16 });
    const ding = robotBody({ kind: 'dingtalk', token: 't' }, notice, 'https://kaohe.example.gov.cn/console') as any;
    expect(ding.msgtype).toBe('markdown');
    expect(ding.markdown.title).toContain('自评');
    expect(ding.markdown.text).toContain('[在考核系统中查看](https://kaohe.example.gov.cn/console/inbox)');
    const wecom = robotBody({ kind: 'wecom', key: 'k' }, notice, 'https://kaohe.example.gov.cn/console/') as any;
    expect(wecom).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('https://kaohe.example.gov.cn/console/inbox') } });
    expect(robotUrl({ kind: 'wecom', key: 'k y' }, BASES, 0)).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k%20y');
  });
});
