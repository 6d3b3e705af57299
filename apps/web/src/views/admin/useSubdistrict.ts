import { ref } from 'vue';
import { call } from '@/api/client';
import { useAuth } from '@/stores/auth';

/**
 * The subdistrict an administration page works on: the administrator's own, or — for a deployment-wide
 * administrator (no subdistrict of their own) — the one chosen from GET /subdistricts (remembered in the browser).
 */
const chosen = ref<string | null>(localStorage.getItem('sa.adminSubdistrict'));
const list = ref<{ id: string; name: string }[]>([]);

export function useSubdistrict() {
  const auth = useAuth();
  async function ready(): Promise<string | null> {
    if (auth.me?.subdistrictId) return auth.me.subdistrictId;
    if (!list.value.length) {
      const r = await call<any>('GET', '/subdistricts');
      list.value = Array.isArray(r) ? r : r.items ?? [];
    }
    if (!list.value.some((s) => s.id === chosen.value)) chosen.value = list.value[0]?.id ?? null;
    return chosen.value;
  }
  function choose(id: string) {
    chosen.value = id;
    localStorage.setItem('sa.adminSubdistrict', id);
  }
  const own = () => !!auth.me?.subdistrictId;
  return { ready, choose, chosen, list, own };
}
