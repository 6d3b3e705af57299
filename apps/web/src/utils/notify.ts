import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiFailure } from '@/api/client';

/** Shows the server's own message (Chinese, says what to do next); field details when it names fields. */
export function showError(e: unknown) {
  if (e instanceof ApiFailure) {
    if (e.status === 401) return; // the session page takes over
    const detail = e.details.length ? '：' + e.details.map((d) => d.reason).join('；') : '';
    ElMessage({ type: 'error', message: e.message + (e.message.includes(detail.slice(1)) ? '' : detail), duration: 6000, showClose: true });
  } else {
    ElMessage({ type: 'error', message: '网络异常，请检查网络后重试', showClose: true });
    console.error(e);
  }
}

export function showOk(message: string) {
  ElMessage({ type: 'success', message });
}

/** Runs an action, shows its success or the server's error; returns whether it succeeded. */
export async function attempt<T>(work: () => Promise<T>, ok?: string): Promise<T | undefined> {
  try {
    const r = await work();
    if (ok) showOk(ok);
    return r;
  } catch (e) {
    showError(e);
    return undefined;
  }
}
