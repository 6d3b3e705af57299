import { inChinese, isChinese, labelOf, reasonOf, roleRefusal } from './error-messages.zh';

const body = (code: string, message: string, details: { field: string; reason: string }[] = [], extra = {}) => ({ code, message, details, ...extra });

describe('error messages for people', () => {
  it('words a refused transition by event and state, with the configured window date', () => {
    const out = inChinese(body('STATE_CONFLICT', 'event DRAFT_SAVED is not allowed in state "recording"', [], { state: 'recording', event: 'DRAFT_SAVED', allowed: ['WINDOW_OPENED'] }), { windowOpens: '12-01' });
    expect(out).toMatchObject({ code: 'STATE_CONFLICT', message: '自评将于12月1日开放，届时再填写自评表', state: 'recording', allowed: ['WINDOW_OPENED'] });
  });

  it('names who may do what a role may not', () => {
    expect(roleRefusal('station', 'records.special')).toBe('您的角色（站所用户）不能录入专项记录，请联系综合指挥室或协调组');
    expect(inChinese(body('FORBIDDEN', 'another subdistrict’s station')).message).toBe('该站所不属于您的街道');
  });

  it('lists every validation problem with Chinese field labels and reasons', () => {
    const out = inChinese(body('VALIDATION_FAILED', 'x', [
      { field: 'reason', reason: 'a correction of a recorded month needs a reason' },
      { field: 'meetingsAttended', reason: 'meetingsAttended must not be greater than 100' },
      { field: 'scores.serveCentre', reason: 'every item needs a self-assessed score' },
    ]));
    expect(out.details).toEqual([
      { field: 'reason', reason: '本月已有记录，更正需填写理由' },
      { field: 'meetingsAttended', reason: '不能大于100' },
      { field: 'scores.serveCentre', reason: '请填写该项的自评分' },
    ]);
    expect(out.message).toBe('请修改后重新提交：“理由”本月已有记录，更正需填写理由；“参加会议数”不能大于100；“自评分·服务中心”请填写该项的自评分');
  });

  it('labels nested and row fields', () => {
    expect(labelOf('deductions[1].evidence')).toBe('扣分记录第2条·佐证材料');
    expect(labelOf('row 3: 编制人数')).toBe('第3行·编制人数');
  });

  it('keeps an unknown reason rather than guessing, and keeps text already in Chinese', () => {
    expect(reasonOf('x', 'something new happened')).toBe('something new happened');
    expect(isChinese('本月已有记录')).toBe(true);
    expect(inChinese(body('VALIDATION_FAILED', '已经是中文的提示')).message).toBe('已经是中文的提示');
  });

  it('has a Chinese message for every code the API sends', () => {
    for (const code of ['NOT_FOUND', 'UNAUTHENTICATED', 'VERSION_CONFLICT', 'CONFLICT', 'TOO_MANY_REQUESTS', 'PAYLOAD_TOO_LARGE', 'INTERNAL', 'IMPORT_FAILED', 'IDEMPOTENCY_ANSWER_LOST', 'SOMETHING_NEW']) {
      expect(isChinese(inChinese(body(code, 'internal words here')).message)).toBe(true);
    }
  });
});
