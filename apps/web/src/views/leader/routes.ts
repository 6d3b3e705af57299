import type { PageRoute } from '@/router/types';

/** Leader pages (领导小组): issue 12 adds them here. */
export const leaderRoutes: PageRoute[] = [];
