/**
 * The login session: tokens in localStorage (shared by the user's tabs), refreshed before the access token expires.
 * Refresh tokens are single use and a reused one revokes the session, so tabs refresh one at a time (Web Locks)
 * and adopt what another tab stored.
 */
import type { components } from './openapi';

export type SessionUser = components['schemas']['TokensUserDto'];
export type TokenPair = Pick<components['schemas']['TokensDto'], 'accessToken' | 'refreshToken' | 'expiresIn' | 'user'>;

interface Stored {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  user: SessionUser;
}

const KEY = 'sa.session';
/** refresh this long before the access token expires */
const EARLY_MS = 60_000;

export type EndReason = 'expired' | 'logout';
type Listener = (reason: EndReason) => void;

function read(): Stored | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const locks = (navigator as any).locks;
  return locks?.request ? locks.request('sa.refresh', work) : work();
}

class Session {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<boolean> | null = null;
  private listeners: Listener[] = [];
  private ended = false;

  current(): Stored | null {
    return read();
  }

  accessToken(): string | null {
    return read()?.accessToken ?? null;
  }

  onEnd(l: Listener) {
    this.listeners.push(l);
  }

  start(pair: TokenPair) {
    const stored: Stored = {
      accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000, user: pair.user,
    };
    localStorage.setItem(KEY, JSON.stringify(stored));
    this.ended = false;
    this.schedule();
  }

  /** Re-arms the refresh timer after a reload. */
  resume() {
    if (read()) this.schedule();
  }

  private schedule() {
    clearTimeout(this.timer);
    const s = read();
    if (!s) return;
    const wait = Math.max(1_000, s.expiresAt - Date.now() - EARLY_MS);
    this.timer = setTimeout(() => void this.refresh(), Math.min(wait, 2 ** 31 - 1));
  }

  async ensureFresh() {
    const s = read();
    if (s && s.expiresAt - Date.now() < EARLY_MS / 2) await this.refresh();
  }

  /** Exchanges the refresh token for a new pair; false when the session cannot continue. */
  refresh(): Promise<boolean> {
    this.inflight ??= exclusive(async () => {
      const before = read();
      if (!before) return false;
      // another tab may have refreshed while this one waited for the lock
      if (before.expiresAt - Date.now() > EARLY_MS) return true;
      const res = await fetch('/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: before.refreshToken }),
      });
      if (!res.ok) return false;
      const pair: TokenPair = await res.json();
      this.start({ ...pair, user: { ...before.user, ...pair.user } });
      return true;
    }).finally(() => {
      this.inflight = null;
      this.schedule();
    });
    return this.inflight;
  }

  /** Forgets the tokens and tells the listeners (the router shows the login or the session-ended page). */
  end(reason: EndReason) {
    clearTimeout(this.timer);
    localStorage.removeItem(KEY);
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l(reason);
  }

  setUser(patch: Partial<SessionUser>) {
    const s = read();
    if (s) localStorage.setItem(KEY, JSON.stringify({ ...s, user: { ...s.user, ...patch } }));
  }
}

export const session = new Session();
