import type { PageRoute } from '@/router/types';

/** Administrator pages (系统管理): issue 12 adds them here. */
export const adminRoutes: PageRoute[] = [];
