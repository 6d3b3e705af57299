import dayjs from 'dayjs';

export const dateTime = (v?: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
export const date = (v?: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');
/** "3天后" / "已逾期2天" */
export function dueIn(v?: string | null): string {
  if (!v) return '';
  const days = dayjs(v).startOf('day').diff(dayjs().startOf('day'), 'day');
  if (days > 0) return `${days}天后截止`;
  if (days === 0) return '今天截止';
  return `已逾期${-days}天`;
}
