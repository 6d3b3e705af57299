import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '@/api/client';
import { useAuth } from './auth';

export interface YearInfo {
  year: number;
  state: string;
  stateLabel: string;
  policyVersion: string;
}

/** Where the user works: their subdistrict and the assessment year shown (newest by default). */
export const useContext = defineStore('context', () => {
  const years = ref<YearInfo[]>([]);
  const year = ref<number | null>(null);
  const auth = useAuth();
  const subdistrictId = computed(() => auth.me?.subdistrictId ?? null);
  const stationId = computed(() => auth.me?.stationId ?? null);
  const base = computed(() => (subdistrictId.value && year.value ? `/subdistricts/${subdistrictId.value}/years/${year.value}` : null));
  const stationBase = (id = stationId.value) => (base.value && id ? `${base.value}/stations/${id}` : null);

  async function load() {
    if (!subdistrictId.value || !auth.may('year.read')) return;
    // station users read their subdistrict only through their own station's routes
    const path = stationId.value ? `/subdistricts/${subdistrictId.value}/stations/${stationId.value}/years` : `/subdistricts/${subdistrictId.value}/years`;
    years.value = await call<YearInfo[]>('GET', path);
    const saved = Number(localStorage.getItem('sa.year'));
    year.value = years.value.find((y) => y.year === saved)?.year ?? years.value[0]?.year ?? null;
  }

  function choose(y: number) {
    year.value = y;
    localStorage.setItem('sa.year', String(y));
  }

  const current = computed(() => years.value.find((y) => y.year === year.value) ?? null);

  return { years, year, current, subdistrictId, stationId, base, stationBase, load, choose };
});
