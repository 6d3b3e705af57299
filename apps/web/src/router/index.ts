import { createRouter, createWebHistory } from 'vue-router';
import { session } from '@/api/session';
import { useAuth } from '@/stores/auth';
import { useContext } from '@/stores/context';
import { adminRoutes } from '@/views/admin/routes';
import { coordinatorRoutes } from '@/views/coordinator/routes';
import { leaderRoutes } from '@/views/leader/routes';
import { stationRoutes } from '@/views/station/routes';
import type { PageRoute } from './types';

/** Every page of the console, by role folder; the menu is built from these and the user's permissions. */
export const pages: PageRoute[] = [
  { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '待办', icon: 'List', order: 0 } },
  { path: 'inbox', name: 'inbox', component: () => import('@/views/InboxView.vue'),
    meta: { title: '站内信', icon: 'Message', permissions: ['inbox.own'], order: 1 } },
  ...stationRoutes,
  ...coordinatorRoutes,
  ...leaderRoutes,
  ...adminRoutes,
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: '登录' } },
    { path: '/password', name: 'password', component: () => import('@/views/ChangePasswordView.vue'), meta: { title: '修改密码' } },
    { path: '/session-ended', name: 'session-ended', component: () => import('@/views/SessionEndedView.vue'), meta: { title: '会话已结束' } },
    { path: '/', component: () => import('@/layout/ConsoleLayout.vue'), children: pages },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: '页面不存在' } },
  ],
});

export function allowed(meta: PageRoute['meta'] | undefined): boolean {
  const auth = useAuth();
  if (!meta) return true;
  if (meta.station && !auth.me?.stationId) return false;
  return !meta.permissions?.length || auth.may(...meta.permissions);
}

const OPEN = new Set(['login', 'session-ended', 'not-found']);

router.beforeEach(async (to) => {
  const auth = useAuth();
  if (OPEN.has(String(to.name))) return true;
  if (!auth.me) {
    try {
      await auth.load();
    } catch {
      return { name: 'session-ended' };
    }
  }
  if (!auth.me) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (auth.me.mustChangePassword && to.name !== 'password') return { name: 'password' };
  const ctx = useContext();
  if (!ctx.years.length && auth.me.subdistrictId) await ctx.load().catch(() => undefined);
  if (!allowed(to.meta as PageRoute['meta'])) return { name: 'home' };
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} · 派驻机构考核`;
});

session.onEnd((reason) => {
  useAuth().forget();
  void router.replace(reason === 'expired' ? { name: 'session-ended' } : { name: 'login' });
});
