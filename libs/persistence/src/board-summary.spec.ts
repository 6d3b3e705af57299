import { REMINDER_KINDS } from './board-summary';
import { BOARD_SUMMARY_REMINDER_KINDS } from './migrations/1764300001500-board-summaries';

describe('board summary', () => {
  it('the notice triggers count the reminder kinds the board and the rebuild count', () => {
    expect([...BOARD_SUMMARY_REMINDER_KINDS].sort()).toEqual([...REMINDER_KINDS].sort());
  });
});
