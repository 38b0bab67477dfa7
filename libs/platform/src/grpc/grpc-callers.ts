import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import {
  Metadata,
  status,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServiceDefinition,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { CLOCK_SKEW_SECONDS, type SigningKey } from '../auth/access-token';
import { loadSigningKey } from '../auth/signing-key';
import type { Config } from '../config/config';

/**
 * Only the platform's own services call its gRPC servers (loyalty credits and spends points, reports
 * hold the books). A caller sends `authorization: Tillwire-Caller <token>`, a short-lived token
 * naming it and signed with the caller key; a server refuses any other call as UNAUTHENTICATED. The
 * caller key is derived from the access-token signing key (JWT_SECRET, or the data directory's key
 * in embedded mode), so every node of a deployment has it, and neither kind of token passes for
 * the other.
 */
export type CallerKey = KeyObject;

const SCHEME = 'Tillwire-Caller';
const VERSION = 'c1';
const KEY_INFO = 'tillwire grpc caller v1';
const TOKEN_TTL_SECONDS = 300;
const CALLER = '[a-z][a-z0-9-]{0,62}';
const CALLER_NAME = new RegExp(`^${CALLER}$`);
/** `<version>.<caller>.<expires at, seconds>.<HMAC-SHA256, base64url>` */
const TOKEN = new RegExp(`^${VERSION}\\.(${CALLER})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})$`);

export function callerKeyOf(signingKey: SigningKey): CallerKey {
  return createSecretKey(Buffer.from(hkdfSync('sha256', signingKey.export(), Buffer.alloc(0), KEY_INFO, 32)));
}

/** This deployment's caller key, from the same source as its access-token signing key. */
export async function loadCallerKey(config: Config, logger: { info(message: string): void }): Promise<CallerKey> {
  return callerKeyOf(await loadSigningKey({ secret: config.secrets.jwtSecret, dataDir: config.dataDir, logger }));
}

/** How a service of this deployment calls: as `caller`, with the deployment's caller key. */
export function serviceCaller(caller: string, config: Config, logger: { info(message: string): void }): CallerCredentials {
  return new CallerCredentials(caller, () => loadCallerKey(config, logger));
}

/** A token for `caller`, valid until `expiresAt` (seconds since the epoch). */
export function signCallerToken(key: CallerKey, caller: string, expiresAt: number): string {
  if (!CALLER_NAME.test(caller)) throw new Error(`Not a caller name: ${caller}`);
  const signed = `${VERSION}.${caller}.${expiresAt}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

export type CallerVerification = { ok: true; caller: string } | { ok: false; reason: string };

/**
 * The caller an `authorization` value names, when its token is signed with `key` and neither
 * expired nor valid for longer than a token is ever issued (beyond the clocks' skew).
 */
export function verifyCaller(key: CallerKey, authorization: string | undefined, now: Date = new Date()): CallerVerification {
  if (authorization === undefined) return { ok: false, reason: 'the call carries no caller token' };
  const [scheme, token = ''] = authorization.split(' ');
  const parts = scheme === SCHEME ? TOKEN.exec(token) : null;
  if (!parts) return { ok: false, reason: 'the caller token is malformed' };
  const [, caller, expires, signature] = parts;
  const expected = mac(key, `${VERSION}.${caller}.${expires}`);
  const given = Buffer.from(signature!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'the caller token is not signed by this deployment' };
  const seconds = Math.floor(now.getTime() / 1000);
  const expiresAt = Number(expires);
  if (expiresAt < seconds - CLOCK_SKEW_SECONDS) return { ok: false, reason: 'the caller token has expired' };
  if (expiresAt > seconds + TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'the caller token is valid for too long' };
  return { ok: true, caller: caller! };
}

/**
 * The `authorization` value a client sends as `caller`: a token signed once and reused until half
 * its life is gone. The key is loaded on first use, so a client can be made before it is needed.
 */
export class CallerCredentials {
  private key: Promise<CallerKey> | undefined;
  private current: { value: string; renewAt: number } | undefined;

  constructor(
    readonly caller: string,
    private readonly loadKey: () => Promise<CallerKey>,
  ) {}

  async authorization(now: number = Date.now()): Promise<string> {
    if (this.current && now < this.current.renewAt) return this.current.value;
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    const key = await this.key;
    const expiresAt = Math.floor(now / 1000) + TOKEN_TTL_SECONDS;
    this.current = { value: `${SCHEME} ${signCallerToken(key, this.caller, expiresAt)}`, renewAt: now + (TOKEN_TTL_SECONDS * 1000) / 2 };
    return this.current.value;
  }
}

/** The implementation with every method refusing, as UNAUTHENTICATED, a call without a valid caller token. */
export function callersOnly(definition: ServiceDefinition, implementation: UntypedServiceImplementation, key: CallerKey): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = implementation[name];
    if (!handler) continue;
    if (method.requestStream) throw new Error(`${method.path}: client-streaming methods are not served`);
    guarded[name] = method.responseStream
      ? streamingForCallers(key, handler as handleServerStreamingCall<unknown, unknown>)
      : unaryForCallers(key, handler as handleUnaryCall<unknown, unknown>);
  }
  return guarded;
}

function unaryForCallers(key: CallerKey, handler: handleUnaryCall<unknown, unknown>): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const verified = verifyCaller(key, authorizationOf(call.metadata));
    if (!verified.ok) return callback(refusal(verified.reason));
    handler(call, callback);
  };
}

function streamingForCallers(key: CallerKey, handler: handleServerStreamingCall<unknown, unknown>): handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const verified = verifyCaller(key, authorizationOf(call.metadata));
    if (!verified.ok) return void call.emit('error', refusal(verified.reason));
    handler(call);
  };
}

function authorizationOf(metadata: Metadata): string | undefined {
  const [value] = metadata.get('authorization');
  return typeof value === 'string' ? value : undefined;
}

function refusal(reason: string): Partial<StatusObject> {
  return { code: status.UNAUTHENTICATED, details: `Only Tillwire's own services may call this server: ${reason}`, metadata: new Metadata() };
}

function mac(key: CallerKey, signed: string): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}
