import { audit, auth } from '@tillwire/contracts';
import type { z } from 'zod';
import { defineRoute, type Route } from './route';

/** Sign-in, refresh and sign-out (no Idempotency-Key: their answers carry tokens, never stored), and the audit trail. */
export const AUTH_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'login',
    method: 'POST',
    path: '/auth/login',
    summary:
      'Sign in: admins and finance with {username, password}; operators and supervisors at a terminal with {terminalId, username, pin} (a terminal of their department; the session is bound to it). Answers an access token (JWT, AUTH_ACCESS_TOKEN_SECONDS) and a refresh token; repeated failures lock the account (401 account_locked)',
    tag: 'Auth',
    access: 'public',
    signIn: true,
    body: auth.loginRequest,
    response: auth.tokenResponse,
    status: 200,
    call: ({ body }, ctx) => ctx.identity.login(body),
  }),
  defineRoute({
    id: 'refresh',
    method: 'POST',
    path: '/auth/refresh',
    summary: 'A new access token and refresh token for a refresh token, which is spent: presenting a spent one again ends every session of its user',
    tag: 'Auth',
    access: 'public',
    signIn: true,
    body: auth.refreshRequest,
    response: auth.tokenResponse,
    status: 200,
    call: ({ body }, ctx) => ctx.identity.refresh(body.refreshToken),
  }),
  defineRoute({
    id: 'logout',
    method: 'POST',
    path: '/auth/logout',
    summary: 'Sign out: the refresh token is revoked (an unknown or spent one too, silently); the access token lapses on its own',
    tag: 'Auth',
    access: 'public',
    signIn: true,
    body: auth.logoutRequest,
    status: 204,
    call: ({ body }, ctx) => ctx.identity.logout(body.refreshToken),
  }),
  defineRoute({
    id: 'me',
    method: 'GET',
    path: '/auth/me',
    summary: 'Who the access token belongs to: user id, username, roles, and the terminal and department of a terminal session',
    tag: 'Auth',
    access: 'signed_in',
    response: auth.actor,
    status: 200,
    call: async (_input, ctx) => ctx.actor,
  }),
  defineRoute({
    id: 'listAudit',
    method: 'GET',
    path: '/admin/audit',
    summary:
      'The audit trail, newest first: who (user and role), what (action, entity), when, where (terminal, IP) and the entity before and after. Filters actorId, action (exact, or a prefix ending in ".", e.g. "transaction."), entityType, entityId, terminalId, from (inclusive), to (exclusive); limit 1-500 (default 50); pass nextCursor as before for the next page',
    tag: 'Admin',
    access: 'audit.read',
    query: audit.listAuditQuery,
    response: audit.listAuditResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(audit.AuditActions.list, query as z.output<typeof audit.listAuditQuery>),
  }),
];
