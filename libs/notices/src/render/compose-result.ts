import type { NoticeBlock, NoticeDocument } from './notice-document';
import type { ResultNotice } from './notice.types';
import { GRADE_LABELS, POSITION_LABELS, STATION_KIND_LABELS, yuan, zhDate } from './zh-labels';

/** The 抄告 of a station's result, to its dispatching department, the organisation/HR department or itself. */
export function composeResultNotice(n: ResultNotice): NoticeDocument {
  const { station, scores, rank, bonus, year } = n;
  const kind = STATION_KIND_LABELS[station.kind];
  const grade = GRADE_LABELS[n.grade];
  const toStation = n.recipientRole === 'station';
  // 贵单位 to peer departments, 你单位 to the station (the subdistrict assesses it).
  const subjectUnit =
    n.recipientRole === 'dispatching_department'
      ? `贵单位派驻我街道的${station.name}（${kind}）`
      : n.recipientRole === 'organisation_department'
        ? `${station.dispatchingDepartment}派驻我街道的${station.name}（${kind}）`
        : `你单位（${kind}）`;
  const unit = toStation ? '你单位' : '该单位';

  const blocks: NoticeBlock[] = [
    {
      type: 'paragraph',
      text:
        `根据派驻机构考核工作有关规定，经${n.subdistrict.name}考核领导小组审定，` +
        `现将${subjectUnit}${year}年度考核结果${toStation ? '告知' : '抄告'}如下：`,
    },
    {
      type: 'table',
      columns: ['日常管理', '专项管理', '创新工作附加', '总分'],
      rows: [[scores.daily, scores.special, scores.innovation, scores.total]],
      numeric: [0, 1, 2, 3],
    },
    {
      type: 'paragraph',
      text:
        `${unit}考核总分${scores.total}分，在全街道${rank.of}个派驻机构中排名第${rank.position}，` +
        (n.quotaDemoted
          ? `总分达到优秀等次分数线，因优秀等次比例限制，考核等次确定为${grade}。`
          : `考核等次为${grade}。`),
    },
  ];

  if (station.kind === 'independent' && n.staff && n.staff.length > 0) {
    blocks.push(
      { type: 'paragraph', text: `${unit}工作人员个人考核等次及考核奖金如下：` },
      {
        type: 'table',
        columns: ['序号', '姓名', '职务', '考核等次', '奖金（元）'],
        rows: n.staff.map((s, i) => [String(i + 1), s.name, POSITION_LABELS[s.position], GRADE_LABELS[s.grade], String(s.bonusYuan)]),
        numeric: [0, 4],
      },
      { type: 'paragraph', text: `以上合计发放考核奖金${yuan(bonus.totalYuan)}，由${n.subdistrict.name}支付。` },
    );
  } else if (bonus.totalYuan > 0) {
    const per = bonus.perPersonYuan !== undefined ? `每人发放考核奖金${yuan(bonus.perPersonYuan)}，` : '';
    const who = bonus.headcount !== undefined ? `${unit}${bonus.headcount}名工作人员` : `${unit}工作人员`;
    blocks.push({
      type: 'paragraph',
      text: `根据考核结果，${who}${per}合计${yuan(bonus.totalYuan)}，由${n.subdistrict.name}支付。`,
    });
  } else {
    blocks.push({ type: 'paragraph', text: `根据考核结果，${unit}工作人员不发放考核奖金。` });
  }

  blocks.push({
    type: 'paragraph',
    text: toStation
      ? '请你单位认真总结，对照考核中发现的问题抓好整改，持续提升服务基层的能力和水平。'
      : '请将考核结果作为该单位及其工作人员评优评先、干部选拔任用的重要依据。',
  });

  const title = `关于${year}年度派驻机构考核结果的抄告单`;
  return {
    kind: n.kind,
    title,
    subject: `${n.noticeNumber} ${title}（${station.name}）`,
    noticeNumber: n.noticeNumber,
    salutation: `${n.recipient.name}：`,
    blocks,
    closing: '特此抄告。',
    signature: { signatory: n.signatory ?? `${n.subdistrict.name}考核领导小组`, date: zhDate(n.issueDate) },
    link: n.link,
  };
}

