import type { PageRoute } from '@/router/types';

/** Administrator pages (系统管理): the whole-set progress overview, master data with imports, users, API tokens, calendars, policies, system health. */
export const adminRoutes: PageRoute[] = [
  { path: 'admin/overview', name: 'admin-overview', component: () => import('./OverviewView.vue'),
    meta: { title: '全域进度总览', group: '系统管理', icon: 'DataBoard', permissions: ['overview.read'], order: 39 } },
  { path: 'admin/departments', name: 'admin-departments', component: () => import('./DepartmentsView.vue'),
    meta: { title: '部门与抄告', group: '系统管理', icon: 'OfficeBuilding', permissions: ['masterdata.manage'], order: 40 } },
  { path: 'admin/stations', name: 'admin-stations', component: () => import('./MasterDataView.vue'), props: { kind: 'stations' },
    meta: { title: '站所管理', group: '系统管理', icon: 'Files', permissions: ['masterdata.manage'], order: 41 } },
  { path: 'admin/staff', name: 'admin-staff', component: () => import('./MasterDataView.vue'), props: { kind: 'staff' },
    meta: { title: '工作人员', group: '系统管理', icon: 'Avatar', permissions: ['masterdata.manage'], order: 42 } },
  { path: 'admin/users', name: 'admin-users', component: () => import('./UsersView.vue'),
    meta: { title: '用户与令牌', group: '系统管理', icon: 'Key', permissions: ['users.manage'], order: 43 } },
  { path: 'admin/calendars', name: 'admin-calendars', component: () => import('./CalendarsView.vue'),
    meta: { title: '节假日与细则', group: '系统管理', icon: 'Calendar', permissions: ['calendar.manage'], order: 44 } },
  { path: 'admin/health', name: 'admin-health', component: () => import('./HealthView.vue'),
    meta: { title: '系统状态', group: '系统管理', icon: 'Monitor', permissions: ['deliveries.read'], order: 45 } },
];
