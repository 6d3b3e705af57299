/** Who is acting: every command and query carries one, and every event records it. */
export const ROLES = ['station', 'command_room', 'coordinator', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  station: '站所用户',
  command_room: '街道综合指挥室',
  coordinator: '“四个平台”绩效考核(协调)组',
  leader: '街道考核领导小组',
  admin: '系统管理员',
};

export interface Actor {
  userId: string;
  username: string;
  role: Role;
  /** null only for a deployment-wide admin. */
  subdistrictId: string | null;
  /** Set for station users: the one station they belong to. */
  stationId: string | null;
}

/** The actor for work the system does by itself (sweeps, deadlines, deliveries). */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system', username: 'system', role: 'admin', subdistrictId: null, stationId: null,
};
