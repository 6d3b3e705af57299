/** Reads of one station's year (the server's answers, as the console uses them). */
import { call } from './client';

export interface StationYearStatus {
  id: string;
  stationId: string;
  year: number;
  state: string;
  stateLabel: string;
  allowedEvents: string[];
  submittedAt: string | null;
  late: boolean;
  extendedUntil: string | null;
  returns: number;
  lastReturnReason: string | null;
}

export interface TimelineEntry {
  type: string;
  typeLabel: string;
  occurredAt: string;
  localTime: string;
  role: string;
  roleLabel: string;
  reason: string | null;
  month: number | null;
}

export interface MonthRow {
  month: number;
  dueAt: string;
  recorded: boolean;
  special: any;
  daily: any;
  specialRecordedAt: string | null;
  dailyRecordedAt: string | null;
  corrections: number;
  late: boolean;
  daysLate: number;
}

export interface Recognition {
  id: string;
  level: string;
  title: string;
  issuer: string;
  recognisedOn: string;
  evidence: string;
  evidenceFile: { name: string; mime: string; size: number } | null;
  status: string;
  decisionReason: string | null;
}

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
