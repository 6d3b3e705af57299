/** Reads of one station's year (the server's answers, as the console uses them). */
import { call } from './client';
import type { components } from './openapi';

/** The server's answers, typed by the generated schema (`npm run api:schema`), not restated here. */
type Schemas = components['schemas'];
export type StationYearStatus = Schemas['StationYearStatusDto'];
export type TimelineEntry = Schemas['TimelineEntryDto'];
export type MonthRow = Schemas['MonthStatusDto'];
export type Recognition = Schemas['RecognitionStateDto'];
/** The station as its printed forms name it (派驻机构、类型、派出部门、负责人) and its subdistrict. */
export type StationHeader = Schemas['StationHeaderDto'];

/** 派驻机构：城东派出所　　类型：独立派驻　　派出部门：区公安分局　　负责人：王建国 (the forms' line under the title) */
export const stationInfoLine = (s: StationHeader) =>
  [`派驻机构：${s.name}`, `类型：${s.kindLabel}`, `派出部门：${s.department}`, `负责人：${s.head}`].join('　　');

export interface RubricItem {
  key: string;
  label: { zh: string };
  max: number;
  description?: string;
}

export interface Policy {
  version: string;
  scoreDecimals: number;
  parts: { key: string; label: { zh: string }; max: number; scoredBy: string; items: RubricItem[] }[];
  innovation?: unknown;
  schedule?: { selfAssessment?: { deadline?: string } };
}

export const LEVEL_LABELS: Record<string, string> = { district: '区级', city: '市级', province: '省级', national: '国家级' };
export const RECOGNITION_STATUS: Record<string, { label: string; type: 'warning' | 'success' | 'danger' | 'info' }> = {
  pending: { label: '待核实', type: 'warning' },
  claimed: { label: '待核实', type: 'warning' },
  verified: { label: '已认定', type: 'success' },
  refused: { label: '不予认定', type: 'danger' },
};

const policies = new Map<string, Promise<Policy>>();
export function policy(version: string): Promise<Policy> {
  if (!policies.has(version)) policies.set(version, call<Policy>('GET', `/policies/${encodeURIComponent(version)}`));
  return policies.get(version)!;
}

export const stationYear = (base: string) => call<StationYearStatus>('GET', base);
export const timeline = (base: string) => call<TimelineEntry[]>('GET', `${base}/timeline`);
export const months = (base: string) => call<MonthRow[]>('GET', `${base}/months`);
