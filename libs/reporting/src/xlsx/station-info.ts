// The station block printed under a form's title.
import { stationKindLabel } from './labels';

export interface StationForExport {
  /** 城东派出所 */
  name: string;
  /** 'independent' | 'regional' or the Chinese label */
  kind: string;
  /** 派出部门, e.g. 定海区公安分局 */
  department: string;
  /** 负责人 */
  head: string;
}

/** 派驻机构：城东派出所　　类型：独立派驻　　派出部门：定海区公安分局　　负责人：王建国 */
export function stationInfoLine(station: StationForExport): string {
  return [
    `派驻机构：${station.name}`,
    `类型：${stationKindLabel(station.kind)}`,
    `派出部门：${station.department}`,
    `负责人：${station.head}`,
  ].join('　　');
}
