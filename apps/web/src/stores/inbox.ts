import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '@/api/client';

export interface InboxItem {
  id: string;
  noticeId: string;
  kind: string;
  title: string;
  subject: string;
  number: string | null;
  year: number | null;
  stationId: string | null;
  createdAt: string;
  readAt: string | null;
  acknowledgedAt: string | null;
  html: string;
  /** 12月20日准予延期: what the notice was for */
  occasion: string;
  /** the console page where it is acted on (/console/…), for hand-offs */
  link: string | null;
}

/** The in-app inbox (站内信) and its unread count for the header, polled while the console is open. */
export const useInbox = defineStore('inbox', () => {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refreshCount() {
    try {
      unread.value = (await call<InboxItem[]>('GET', '/inbox?unread=true&limit=500')).length;
    } catch {
      /* shown elsewhere */
    }
  }

  function poll() {
    clearInterval(timer);
    void refreshCount();
    timer = setInterval(() => void refreshCount(), 60_000);
  }

  function stop() {
    clearInterval(timer);
  }

  async function list(onlyUnread = false): Promise<InboxItem[]> {
    return call<InboxItem[]>('GET', `/inbox?limit=200${onlyUnread ? '&unread=true' : ''}`);
  }

  async function markRead(id: string) {
    await call('POST', `/inbox/${id}/read`);
    await refreshCount();
  }

  return { unread, poll, stop, refreshCount, list, markRead };
});
