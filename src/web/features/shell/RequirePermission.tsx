import type { ReactNode } from 'react';
import type { Permission } from '../../../core/access.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { ForbiddenPage } from './StatusPages.tsx';

/** The page if the signed-in person holds `permission`; a clear "no access" page otherwise. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <ForbiddenPage />;
}
