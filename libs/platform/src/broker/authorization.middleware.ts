import { auth, permissions } from '@tillwire/contracts';
import type { Middleware } from 'moleculer';
import { AuthError } from '../auth/auth.errors';
import { toBrokerError } from '../errors/domain-error';

interface GuardedContext {
  meta: { actor?: auth.Actor };
  params: unknown;
}

/**
 * The permission matrix again inside every service: an action the edge calls for a user refuses a
 * call whose user (`meta.actor`, set by the edge and carried through nested calls) lacks its
 * permission, or that names a terminal other than the one a terminal session is bound to. Calls
 * without a user come from the platform itself (sagas, schedules, the CLI) and pass.
 */
export function authorizationMiddleware(): Middleware {
  return {
    name: 'Authorization',
    localAction(next: (ctx: GuardedContext) => Promise<unknown>, action: { name: string }) {
      const permission = permissions.ACTION_PERMISSIONS[action.name];
      if (!permission) return next;
      // Async, so a refusal is a rejected promise like every other failed call.
      return async (ctx: GuardedContext) => {
        const actor = ctx.meta.actor;
        if (actor) {
          if (!permissions.allows(actor.roles, permission)) {
            throw toBrokerError(new AuthError(auth.AuthErrorCode.Forbidden, `This needs the ${permission} permission`, { permission }));
          }
          const terminalId = (ctx.params as { terminalId?: unknown } | null)?.terminalId;
          if (actor.terminalId !== undefined && typeof terminalId === 'string' && terminalId !== actor.terminalId) {
            const message = `Signed in at terminal ${actor.terminalId}, not ${terminalId}`;
            throw toBrokerError(new AuthError(auth.AuthErrorCode.Forbidden, message, { reason: 'other_terminal', terminalId }));
          }
        }
        return await next(ctx);
      };
    },
  } as unknown as Middleware;
}
