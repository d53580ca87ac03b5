import { request as playwrightRequest } from '@playwright/test';
import { CHORUS, PASSWORD, READY, USER, result, tokenOf } from './chorus-api';

// Before the walk (real-chorus.config.ts's globalSetup): the steward's roles in single workspaces
// and sessions, taken away once its login cookie nears what a browser keeps. Every walk makes
// workspaces and sessions as the steward, and CHORUS makes their creator their admin: its token
// lists every one of those roles, and after many walks (CHORUS 0978bc77: 367 roles, a 4,277-byte
// token) the browser dropped the steward's login cookie, so no walk could sign in. The steward
// stays `SuperAdmin` (and keeps its roles for all workspaces, `"*"`); only the assignments to one
// workspace or session go, each with `DELETE /users/{id}/role/{roleId}`.

/** Name and value of the cookie above which the roles are trimmed (browsers keep 4,096). */
const TRIM_ABOVE = 3_000;

type Me = { id: string; rolesWithContext?: Array<{ id: string; name: string; context?: Record<string, string> }> };

export default async function stewardRoles(): Promise<void> {
  if (!READY) return;
  const request = await playwrightRequest.newContext();
  try {
    const token = await tokenOf(request, USER, PASSWORD);
    const cookie = 'jwttoken'.length + token.length;
    if (cookie <= TRIM_ABOVE) return;
    const { me } = (await result(request, token, 'GET', '/users/me')) as { me: Me };
    const single = (me.rolesWithContext ?? []).filter((r) =>
      Object.entries(r.context ?? {}).some(([k, v]) => (k === 'workspace' || k === 'workbench') && v !== '*'),
    );
    let taken = 0;
    for (const role of single) {
      const r = await request.delete(`${CHORUS}/api/rest/v1/users/${me.id}/role/${role.id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (r.ok()) taken++;
      else console.warn(`could not take role ${role.name} ${JSON.stringify(role.context)}: ${r.status()}`);
    }
    console.log(
      `the steward's login cookie was ${cookie} bytes: took ${taken} of its ${single.length} roles in single workspaces and sessions`,
    );
  } finally {
    await request.dispose();
  }
}
