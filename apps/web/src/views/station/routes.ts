import type { PageRoute } from '@/router/types';

/** A station user's own station (本站): the year, records, recognitions, the 自评表 and the released result. */
export const stationRoutes: PageRoute[] = [
  { path: 'station/year', name: 'station-year', component: () => import('./StationYearView.vue'),
    meta: { title: '年度概览', group: '本站', icon: 'Calendar', permissions: ['year.read'], station: true, order: 10 } },
  { path: 'station/records', name: 'station-records', component: () => import('./StationRecordsView.vue'),
    meta: { title: '月度记录', group: '本站', icon: 'Notebook', permissions: ['year.read'], station: true, order: 11 } },
  { path: 'station/recognitions', name: 'station-recognitions', component: () => import('./StationRecognitionsView.vue'),
    meta: { title: '创新工作', group: '本站', icon: 'Trophy', permissions: ['year.read'], station: true, order: 12 } },
  { path: 'station/self-assessment', name: 'station-self-assessment', component: () => import('./SelfAssessmentView.vue'),
    meta: { title: '自评表', group: '本站', icon: 'EditPen', permissions: ['selfassessment.file'], station: true, order: 13 } },
  { path: 'station/result', name: 'station-result', component: () => import('./StationResultView.vue'),
    meta: { title: '考核结果', group: '本站', icon: 'Medal', permissions: ['results.readOwn'], station: true, order: 14 } },
];
