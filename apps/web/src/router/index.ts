import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
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

/**
 * The links the server puts in to-do items and notices (libs/platform consoleLink) lead to the pages here: a
 * station user to their own station's pages, the offices to the station's page, the board, deliveries.
 */
const STATION_PAGES: Record<string, { own: string; tab: string }> = {
  records: { own: 'station-records', tab: 'months' },
  recognitions: { own: 'station-recognitions', tab: 'recognitions' },
  'self-assessment': { own: 'station-self-assessment', tab: 'self' },
  scores: { own: 'station-year', tab: 'scores' },
  result: { own: 'station-result', tab: 'result' },
};
/** resolved in beforeEnter (after the global guard has loaded the user), never rendered */
const link = (path: string, to: (p: Record<string, string>, query: Record<string, any>) => RouteLocationRaw): RouteRecordRaw => ({
  path,
  component: () => import('@/views/NotFoundView.vue'),
  beforeEnter: (r) => {
    const p = r.params as Record<string, string>;
    if (p.year) useContext().choose(Number(p.year));
    return to(p, r.query);
  },
});
const linkRoutes: RouteRecordRaw[] = [
  link('years/:year(\\d{4})/stations/:stationId/:page', (p) => {
    const page = STATION_PAGES[p.page] ?? STATION_PAGES.records;
    if (useAuth().me?.stationId === p.stationId) return { name: page.own };
    if (p.page === 'scores') return { name: 'scoring', query: { station: p.stationId } };
    return { name: 'station', params: { stationId: p.stationId }, query: { tab: page.tab } };
  }),
  link('years/:year(\\d{4})/station/:page', (p) => ({ name: (STATION_PAGES[p.page] ?? STATION_PAGES.records).own })),
  link('years/:year(\\d{4})/board', (_p, query) => ({ name: 'board', query })),
  link('years/:year(\\d{4})/scoring', () => ({ name: 'scoring' })),
  link('years/:year(\\d{4})/results', () => (router.hasRoute('results') ? { name: 'results' } : { name: 'home' })),
  link('deliveries', () => ({ name: 'deliveries' })),
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: '登录' } },
    { path: '/password', name: 'password', component: () => import('@/views/ChangePasswordView.vue'), meta: { title: '修改密码' } },
    { path: '/session-ended', name: 'session-ended', component: () => import('@/views/SessionEndedView.vue'), meta: { title: '会话已结束' } },
    { path: '/', component: () => import('@/layout/ConsoleLayout.vue'), children: [...pages, ...linkRoutes] },
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
