import { sitesApi } from '../../api/sites.ts';
import { useAsync } from '../../ui/useAsync.ts';

/** The sites the signed-in person works at (all of them for a program administrator). */
export function useSites() {
  return useAsync((signal) => sitesApi.list(signal).then((r) => r.items), []);
}
