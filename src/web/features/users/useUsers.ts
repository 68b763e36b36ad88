import { usersApi } from '../../api/users.ts';
import { useAsync } from '../../ui/useAsync.ts';

export function useUsers() {
  return useAsync((signal) => usersApi.list(signal).then((r) => r.items), []);
}
