import { composeNotice } from './compose-notice';
import { renderHtml, escapeHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { renderPdf } from './render-pdf';
import { renderText } from './render-text';
import { readPdfText as pdfText } from './pdf-text.testing';
import type { Notice } from './notice.types';
import {
  sampleDeliveryFailed,
  sampleIndependentResult,
  sampleLateList,
  sampleOverdue,
  sampleRegionalResult,
  sampleReminder,
} from './sample-notices';


const allKinds: Array<[string, Notice]> = [
  ['regional result', sampleRegionalResult()],
  ['independent result', sampleIndependentResult()],
  ['monthly reminder', sampleReminder({ type: 'monthly_record_missing', month: '2026-10', dueDate: '2026-11-05' })],
  ['december reminder', sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 7 })],
  ['window open', sampleReminder({ type: 'window_open', opensOn: '2026-12-01', deadline: '2026-12-31' })],
  ['overdue', sampleOverdue()],
  ['late list', sampleLateList()],
  ['delivery failed', sampleDeliveryFailed()],
];

describe('result notice (抄告单) wording', () => {
  it('addresses the dispatching department and carries every figure', () => {
    const text = renderText(sampleRegionalResult());
    expect(text).toContain('城东考〔2026〕3号');
    expect(text).toContain('关于2026年度派驻机构考核结果的抄告单');
    expect(text).toContain('区市场监督管理局：');
    expect(text).toContain('贵单位派驻我街道的城东市场监督管理所（按区域设置派驻）');
    expect(text).toMatch(/日常管理：46\.5.*专项管理：43\.0.*创新工作附加：3\.0.*总分：92\.5/);
    expect(text).toContain('在全街道12个派驻机构中排名第2，考核等次为优秀');
    expect(text).toContain('8名工作人员每人发放考核奖金3600元，合计28800元');
    expect(text).toContain('特此抄告。');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['城东街道考核领导小组', '2027年1月20日']);
  });

  it('names the dispatching department to the HR department and says 你单位 to the station', () => {
    const hr = renderText(sampleRegionalResult({ recipientRole: 'organisation_department', recipient: { name: '区委组织部' } }));
    expect(hr).toContain('区委组织部：');
    expect(hr).toContain('现将区市场监督管理局派驻我街道的城东市场监督管理所');
    const own = renderText(sampleRegionalResult({ recipientRole: 'station', recipient: { name: '城东市场监督管理所' } }));
    expect(own).toContain('现将你单位（按区域设置派驻）2026年度考核结果告知如下');
    expect(own).not.toContain('贵单位');
  });

  it('explains a quota demotion and lists per-person grades of an independent station', () => {
    const text = renderText(sampleIndependentResult({ grade: 'good', quotaDemoted: true }));
    expect(text).toContain('因优秀等次比例限制，考核等次确定为良好');
    expect(text).toContain('1. 姓名：王建国，职务：负责人，考核等次：优秀，奖金（元）：3600');
    expect(text).toContain('4. 姓名：赵敏，职务：工作人员，考核等次：合格，奖金（元）：0');
    expect(text).toContain('以上合计发放考核奖金9720元');
  });

  it('says no bonus is paid below good', () => {
    const text = renderText(sampleRegionalResult({ grade: 'qualified', bonus: { perPersonYuan: 0, headcount: 8, totalYuan: 0 } }));
    expect(text).toContain('考核等次为合格');
    expect(text).toContain('不发放考核奖金');
  });

  it('uses a configured signatory', () => {
    expect(renderText(sampleRegionalResult({ signatory: '中共城东街道工作委员会' }))).toContain('中共城东街道工作委员会\n2027年1月20日');
  });
});

describe('reminders and lists', () => {
  it('counts the days left, and says so on the last day', () => {
    expect(renderText(sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 7 }))).toContain(
      '提交截止时间为2026年12月31日24时，距截止还有7天',
    );
    expect(renderText(sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 0 }))).toContain('今天是提交截止日');
    expect(() => renderText(sampleReminder({ type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: -1 }))).toThrow(RangeError);
  });

  it('names the missing month and its due date', () => {
    const text = renderText(sampleReminder({ type: 'monthly_record_missing', month: '2026-10', dueDate: '2026-11-05' }));
    expect(text).toContain('你单位2026年10月平时考核记录尚未报送，报送截止日期为2026年11月5日');
  });

  it('lists late stations for coordinators, and says when there are none', () => {
    const text = renderText(sampleLateList());
    expect(text).toContain('2026年度自评表逾期未提交单位名单');
    expect(text).toContain('以下2个派驻机构2026年度自评表逾期未提交');
    expect(text).toContain('2. 派驻机构：城东自然资源所，派出部门：区自然资源和规划分局，截止日期：2026年12月31日，备注：已申请延期');
    const none = renderText({ ...sampleLateList(), subject: { type: 'monthly_record', month: '2026-11' }, stations: [] });
    expect(none).toContain('各派驻机构2026年11月平时考核记录均已按时报送');
  });

  it('prints a delivery failure time in Asia/Shanghai', () => {
    const text = renderText(sampleDeliveryFailed());
    expect(text).toContain('失败时间：2027年1月21日 09:30');
    expect(text).toContain('最后一次错误：SMTP 550 mailbox unavailable');
    expect(composeNotice(sampleDeliveryFailed()).subject).toBe('【发送失败】关于2026年度派驻机构考核结果的抄告单（区市场监督管理局）');
  });
});

describe('renderHtml', () => {
  it.each(allKinds)('%s: a complete zh-CN document', (_name, notice) => {
    const html = renderHtml(notice);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<title>${escapeHtml(composeNotice(notice).title)}</title>`);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // self-contained: no external stylesheet, script or image
    expect(html).not.toMatch(/<link|<script|<img|src=/i);
  });

  it('escapes every piece of data', () => {
    const evil = '<script>alert("x")</script>&所';
    const html = renderHtml(
      sampleIndependentResult({
        recipientRole: 'organisation_department',
        station: { name: evil, kind: 'independent', dispatchingDepartment: `'部门"<b>` },
        recipient: { name: '<img src=x onerror=alert(1)>' },
        staff: [{ name: '</td><td>', position: 'head', grade: 'excellent', bonusYuan: 3600 }],
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;所');
    expect(html).toContain('&#39;部门&quot;&lt;b&gt;');
    expect(html).toContain('<td>&lt;/td&gt;&lt;td&gt;</td>');
    expect(html).toContain('<p class="salutation">&lt;img src=x onerror=alert(1)&gt;：</p>');
  });

  it('links only http(s) URLs', () => {
    expect(renderHtml({ ...sampleOverdue(), link: 'https://kaohe.example.gov.cn/a?b=1&c=2' })).toContain(
      '<a href="https://kaohe.example.gov.cn/a?b=1&amp;c=2">',
    );
    expect(renderHtml({ ...sampleOverdue(), link: 'javascript:alert(1)' })).not.toContain('javascript:');
  });
});

describe('renderMarkdown', () => {
  it('escapes Markdown and HTML in data', () => {
    const md = renderMarkdown(sampleRegionalResult({ station: { name: '**城东**[所](http://x)<b>', kind: 'regional', dispatchingDepartment: '区局' } }));
    expect(md).toContain('\\*\\*城东\\*\\*\\[所\\](http://x)&lt;b&gt;');
    expect(md.startsWith('### 关于2026年度派驻机构考核结果的抄告单')).toBe(true);
  });
});

describe('renderPdf', () => {
  it('embeds a subset of Noto Sans SC: the text reads back in Chinese and the file stays small', async () => {
    const pdf = await renderPdf(sampleIndependentResult());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200_000);
    const { text, pages } = await pdfText(pdf);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('城东派出所');
    expect(flat).toContain('优秀');
    expect(flat).toContain('城东考〔2026〕1号');
    expect(flat).toContain('关于2026年度派驻机构考核结果的抄告单');
    expect(flat).toContain('城东街道考核领导小组');
    expect(pages).toBe(1);
  });

  it.each(allKinds)('%s: renders a small PDF', async (_name, notice) => {
    const pdf = await renderPdf(notice);
    expect(pdf.length).toBeLessThan(200_000);
    const { text } = await pdfText(pdf);
    expect(text.replace(/\s+/g, '')).toContain(composeNotice(notice).signature.signatory.replace(/\s+/g, ''));
  });

  it('is byte-stable for the same notice (a resend attaches the same file)', async () => {
    const [a, b] = await Promise.all([renderPdf(sampleRegionalResult()), renderPdf(sampleRegionalResult())]);
    expect(a.equals(b)).toBe(true);
  });

  it('breaks a long staff table across pages without losing a row', async () => {
    const staff = Array.from({ length: 60 }, (_, i) => ({
      name: `职工${i + 1}号`,
      position: 'staff' as const,
      grade: 'good' as const,
      bonusYuan: 2520,
    }));
    const pdf = await renderPdf(sampleIndependentResult({ staff, bonus: { totalYuan: 60 * 2520 } }));
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    for (const s of staff) expect(text).toContain(s.name);
    expect(pdf.length).toBeLessThan(200_000);
  });
});
