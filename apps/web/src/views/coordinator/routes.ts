import type { PageRoute } from '@/router/types';

/** The coordination group (协调组) and command room (指挥室): the late board, stations, the 测评表, deliveries, exports. */
export const coordinatorRoutes: PageRoute[] = [
  { path: 'coordinator/board', name: 'board', component: () => import('./BoardView.vue'),
    meta: { title: '催报看板', group: '考核工作', icon: 'DataBoard', permissions: ['board.read'], order: 20 } },
  { path: 'coordinator/stations', name: 'stations', component: () => import('./StationsView.vue'),
    meta: { title: '站所', group: '考核工作', icon: 'OfficeBuilding', permissions: ['masterdata.read'], order: 21 } },
  { path: 'coordinator/stations/:stationId', name: 'station', component: () => import('./StationPageView.vue'),
    meta: { title: '站所详情', group: '考核工作', permissions: ['masterdata.read'], hidden: true } },
  { path: 'coordinator/scoring', name: 'scoring', component: () => import('./ScoringGridView.vue'),
    meta: { title: '测评表', group: '考核工作', icon: 'Grid', permissions: ['scores.daily', 'scores.special'], order: 22 } },
  { path: 'coordinator/deliveries', name: 'deliveries', component: () => import('./DeliveriesView.vue'),
    meta: { title: '投递失败', group: '考核工作', icon: 'Warning', permissions: ['deliveries.read'], order: 23 } },
  { path: 'coordinator/exports', name: 'exports', component: () => import('./ExportsView.vue'),
    meta: { title: '导出', group: '考核工作', icon: 'Download', permissions: ['exports.create'], order: 24 } },
];
