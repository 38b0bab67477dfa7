import { auth, permissions } from '@tillwire/contracts';
import {
  AuthError,
  authenticate,
  toAuthError,
  toBrokerError,
  toHttpError,
  type Config,
  type EndedSessions,
  type SigningKey,
  type StoredResponse,
} from '@tillwire/platform';
import type { RateLimit, RateLimiter } from './rate-limiter';
import type { Route, RouteContext } from './route';

const Code = auth.AuthErrorCode;

/** An answer that ends the request before its call, with the headers it needs (Retry-After). */
export interface Refusal {
  response: StoredResponse;
  headers?: Record<string, string>;
}

export type Admission = { ok: true; actor: auth.Actor | null } | { ok: false; refusal: Refusal };

export interface AccessGuardDeps {
  key: SigningKey;
  /** Users whose sessions were ended: their older tokens are refused. */
  ended: EndedSessions;
  limiter: RateLimiter;
  limits: Config['api']['rateLimits'];
  log: { warn(...args: unknown[]): void };
}

/**
 * Who may make a request, before anything of it is read: the rate limits per IP (sign-in, writes)
 * and per user (writes), the bearer token and the route's permission. The token is checked first
 * (no I/O) so that every limit of the request is counted in one round trip; a request past its IP
 * limit is refused as such whatever its token, and only a signed-in user allowed the route counts
 * against a user's limit.
 */
export class AccessGuard {
  constructor(private readonly deps: AccessGuardDeps) {}

  async admit(route: Route, authorization: string | undefined, ip: string): Promise<Admission> {
    const identified = this.identify(route, authorization);
    const limited = await this.limit(this.limitsOf(route, ip, identified));
    return limited ? { ok: false, refusal: limited } : identified;
  }

  /**
   * A session signed in at a terminal acts on that terminal only; an operator or supervisor without
   * one acts on none. Admins and finance act on any.
   */
  async checkTerminal<I>(route: Route, input: I, ctx: RouteContext): Promise<Refusal | undefined> {
    const actor = ctx.actor;
    if (!route.terminal || !actor) return undefined;
    const bound = actor.terminalId !== undefined || actor.roles.every((role) => auth.TERMINAL_ROLES.includes(role));
    if (!bound) return undefined;
    const terminalId = await route.terminal(input as never, ctx);
    if (terminalId === actor.terminalId) return undefined;
    return actor.terminalId === undefined
      ? refusalOf(forbidden('Sign in at a terminal (with a PIN) to act on it', { reason: 'no_terminal_session', terminalId }))
      : refusalOf(forbidden(`Signed in at terminal ${actor.terminalId}, not ${terminalId}`, { reason: 'other_terminal', terminalId }));
  }

  /**
   * Who approves what the request asks above an operator's limits (a discount above the threshold):
   * the signed-in user when they may approve, else the supervisor whose own access token comes in
   * `X-Approval-Token` (of the same department when they have one). Undefined when nobody approves.
   */
  approver(actor: auth.Actor | null, approvalToken: string | undefined): { ok: true; approver: string | undefined } | { ok: false; refusal: Refusal } {
    if (actor && permissions.allows(actor.roles, 'pos.approve')) return { ok: true, approver: actor.username };
    if (approvalToken === undefined) return { ok: true, approver: undefined };
    const approval = authenticate(this.deps, `Bearer ${approvalToken}`);
    if (!approval.ok) return { ok: false, refusal: refusalOf(forbidden('The approval token is not valid', { reason: 'approval_invalid' })) };
    const supervisor = approval.value;
    const sameDepartment = supervisor.departmentCode === undefined || supervisor.departmentCode === actor?.departmentCode;
    if (!permissions.allows(supervisor.roles, 'pos.approve') || !sameDepartment) {
      return { ok: false, refusal: refusalOf(forbidden(`${supervisor.username} may not approve this`, { reason: 'approver_not_allowed' })) };
    }
    return { ok: true, approver: supervisor.username };
  }

  /**
   * Whether a request admitted earlier would still be, as far as its token goes: not expired, its
   * session not ended, the route still allowed. An event stream asks with every keep-alive.
   */
  stillAdmitted(route: Route, authorization: string | undefined): boolean {
    return this.identify(route, authorization).ok;
  }

  /** The caller a public route needs none of; else the one its token names, when the route's permission allows them. */
  private identify(route: Route, authorization: string | undefined): Admission {
    if (route.access === 'public') return { ok: true, actor: null };
    const authenticated = authenticate(this.deps, authorization);
    if (!authenticated.ok) return { ok: false, refusal: refusalOf(toAuthError(authenticated.failure)) };
    const actor = authenticated.value;
    if (route.access !== 'signed_in' && !permissions.allows(actor.roles, route.access)) {
      return { ok: false, refusal: refusalOf(forbidden(`This needs the ${route.access} permission`, { permission: route.access })) };
    }
    return { ok: true, actor };
  }

  /** Sign-ins count per IP; writes per IP, and per user once the user may make them; reads are not limited. */
  private limitsOf(route: Route, ip: string, identified: Admission): RateLimit[] {
    const { limits } = this.deps;
    if (route.signIn) return [{ key: `auth:ip:${ip}`, perMinute: limits.authPerIp }];
    if (route.method === 'GET') return [];
    const perIp = { key: `writes:ip:${ip}`, perMinute: limits.writesPerIp };
    const actor = identified.ok ? identified.actor : null;
    return actor ? [perIp, { key: `writes:user:${actor.userId}`, perMinute: limits.writesPerUser }] : [perIp];
  }

  /** The refusal of a limit past, or undefined within them all; a counter store that is down lets the request through. */
  private async limit(limits: readonly RateLimit[]): Promise<Refusal | undefined> {
    try {
      const decision = await this.deps.limiter.check(limits);
      if (decision.allowed) return undefined;
      const body = { error: { code: 'rate_limited', message: 'Too many requests; retry after the time in Retry-After' } };
      return { response: { status: 429, body: JSON.stringify(body) }, headers: { 'Retry-After': String(decision.retryAfterSeconds) } };
    } catch (error) {
      this.deps.log.warn('Rate limit counters unavailable; the request is let through', error);
      return undefined;
    }
  }
}

function forbidden(message: string, details: Record<string, unknown>): AuthError {
  return new AuthError(Code.Forbidden, message, details);
}

function refusalOf(error: AuthError): Refusal {
  const { status, body } = toHttpError(toBrokerError(error));
  return { response: { status, body: JSON.stringify(body) } };
}
