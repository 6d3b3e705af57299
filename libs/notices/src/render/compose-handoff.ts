/**
 * The wording of hand-off notices (DOMAIN "Hand-offs"): each says what reached the reader and what to do now; the
 * link leads to the console page where it is done.
 */
import type { NoticeBlock, NoticeDocument } from './notice-document';
import type { HandOffNotice, HandOffTopic } from './notice.types';
import { systemSender } from './compose-notice';
import { zhDate } from './zh-labels';

export function handOffTitle(year: number, t: HandOffTopic): string {
  switch (t.type) {
    case 'extension_granted':
      return `${year}年度自评表提交期限已延长至${zhDate(t.until)}`;
    case 'recognition_verified':
      return `创新工作“${t.title}”已认定`;
    case 'recognition_refused':
      return `创新工作“${t.title}”不予认定`;
    case 'station_returned':
      return `${t.station}${year}年度测评得分被退回重新评分`;
    case 'table_returned':
      return `${year}年度考核结果表被退回重新评分`;
    case 'self_assessments_submitted':
      return `${t.stations.length}个站所提交了${year}年度自评表，请评分`;
    case 'results_submitted':
      return `${year}年度考核结果待审定`;
    case 'results_approved':
      return `${year}年度考核结果已审定`;
    case 'objection_filed':
      return `${t.station}${year}年度考核结果收到异议`;
  }
}

function body(year: number, t: HandOffTopic): NoticeBlock[] {
  const p = (text: string): NoticeBlock[] => [{ type: 'paragraph', text }];
  switch (t.type) {
    case 'extension_granted':
      return p(`考核协调组已准予你单位延期提交${year}年度自评表，期限延长至${zhDate(t.until)}24时。延期理由：${t.reason}。` +
        '请在期限内逐项填写自评分和说明，上传年度工作总结后提交；延期提交的仍标记为逾期提交。');
    case 'recognition_verified':
      return p(`你单位登记的创新工作“${t.title}”经考核协调组核实，已予认定，将计入创新工作附加分。无需再做处理。`);
    case 'recognition_refused':
      return p(`你单位登记的创新工作“${t.title}”经考核协调组核实，不予认定。理由：${t.reason}。如有补充佐证材料，请补充后重新登记。`);
    case 'station_returned':
      return p(`领导小组退回了${t.station}的${year}年度测评得分，理由：${t.reason}。请重新评定该站所的得分并确定，` +
        '然后重新计算考核结果并提交领导小组审定。');
    case 'table_returned':
      return p(`领导小组退回了${year}年度考核结果表，理由：${t.reason}。请按意见重新评分并确定得分，然后重新计算考核结果并提交领导小组审定。`);
    case 'self_assessments_submitted':
      return [
        { type: 'paragraph', text: `自上次汇总以来，以下${t.stations.length}个站所提交了${year}年度自评表。请查看自评表和年度工作总结，在测评表中评分：` },
        {
          type: 'table', columns: ['序号', '站所', '提交时间', '备注'], numeric: [0],
          rows: t.stations.map((s, i) => [String(i + 1), s.name, `${zhDate(s.submittedAt.slice(0, 10))} ${s.submittedAt.slice(11, 16)}`, s.late ? '逾期提交' : '']),
        },
      ];
    case 'results_submitted':
      return p(`考核协调组已将${year}年度考核结果表提交领导小组审定。请核对结果表（得分、排名、等次及偏离建议分的理由），审定通过，或写明理由退回重新评分。`);
    case 'results_approved':
      return p(t.publicityUntil
        ? `领导小组已审定${year}年度考核结果，结果公示至${zhDate(t.publicityUntil)}。公示期内收到的异议请及时核实；公示结束后由领导小组发布。`
        : `领导小组已审定${year}年度考核结果，待领导小组发布；发布后系统向各站所及派出部门抄告。`);
    case 'objection_filed':
      return p(`公示期间收到对${t.station}${year}年度考核结果的异议：“${t.text}”。请核实有关情况，提请领导小组答复。`);
  }
}

export function composeHandOff(n: HandOffNotice): NoticeDocument {
  const title = handOffTitle(n.year, n.topic);
  return {
    kind: n.kind,
    title,
    subject: `【待办】${title}`,
    salutation: `${n.recipient.name}：`,
    blocks: body(n.year, n.topic),
    signature: { signatory: systemSender(n), date: zhDate(n.issueDate) },
    link: n.link,
  };
}
