import { computed } from 'vue';
import { useContext } from '@/stores/context';

/** The signed-in station user's own station-year API base (null until a year is chosen). */
export function useOwnStation() {
  const ctx = useContext();
  return { ctx, base: computed(() => ctx.stationBase()) };
}
