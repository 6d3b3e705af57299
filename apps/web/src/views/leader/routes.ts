import type { PageRoute } from '@/router/types';

/** Leader pages (领导小组): the result table with approval, return and release; coordinators compute and submit it here. */
export const leaderRoutes: PageRoute[] = [
  { path: 'leader/results', name: 'results', component: () => import('./ResultsView.vue'),
    meta: { title: '考核结果', group: '审定', icon: 'Checked', permissions: ['results.read'], order: 30 } },
  { path: 'dashboard', name: 'dashboard', component: () => import('../dashboard/DashboardView.vue'),
    meta: { title: '统计分析', group: '审定', icon: 'PieChart', permissions: ['results.read'], order: 31 } },
];
