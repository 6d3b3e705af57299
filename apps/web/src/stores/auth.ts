import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '@/api/client';
import type { components } from '@/api/openapi';
import { session, type TokenPair } from '@/api/session';

/** The signed-in user as GET /auth/me answers: menus and buttons follow its permissions and export kinds. */
export type Me = components['schemas']['WhoAmIDto'];

/** The signed-in user, their role's permissions and the session's life cycle. */
export const useAuth = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  const loggedIn = computed(() => me.value !== null);

  function may(...permissions: string[]): boolean {
    return permissions.some((p) => me.value?.permissions.includes(p));
  }

  async function load(): Promise<Me | null> {
    if (!session.current()) return (me.value = null);
    session.resume();
    me.value = await call<Me>('GET', '/auth/me');
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const res = await fetch('/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    if (!res.ok) {
      const { failureOf } = await import('@/api/client');
      throw await failureOf(res);
    }
    session.start((await res.json()) as TokenPair);
    return (await load())!;
  }

  async function logout() {
    try {
      await call('POST', '/auth/logout');
    } catch {
      /* the session may already be over */
    }
    me.value = null;
    session.end('logout');
  }

  async function changePassword(oldPassword: string, newPassword: string) {
    await call('PUT', `/users/${me.value!.userId}/password`, { oldPassword, newPassword });
    session.setUser({ mustChangePassword: false });
    await load();
  }

  function forget() {
    me.value = null;
  }

  return { me, loggedIn, may, load, login, logout, changePassword, forget };
});
