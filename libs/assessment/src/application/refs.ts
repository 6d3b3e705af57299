import type { Actor } from '@app/platform';

/** One station's assessment year, as addressed by the API. */
export interface StationYearRef {
  subdistrictId: string;
  stationId: string;
  year: number;
}

/** One subdistrict's assessment year. */
export interface YearRef {
  subdistrictId: string;
  year: number;
}

export type { Actor };
