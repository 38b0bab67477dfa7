import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { SimArgs } from './terminal-sim.args';
import type { TerminalSimulatorOptions } from './terminal-simulator';

const TIMEOUT_MS = 10_000;

/**
 * The simulator's certificate, key and CA: from the files given, else from Tillwire's HTTP API, which
 * issues a new certificate for the terminal (as an operator would) and publishes the CA.
 */
export async function loadCredentials(args: SimArgs, accessToken: string | undefined): Promise<TerminalSimulatorOptions['tls']> {
  const { cert, key, ca } = args.files;
  const api = { api: args.api, accessToken };
  const own = cert !== undefined && key !== undefined ? await fromFiles(cert, key) : await issue(api, args.terminalId);
  const caPem = ca !== undefined ? await readPem(ca) : (await call(api, 'GET', '/admin/terminals/ca', terminals.caCertificateResult)).certificatePem;
  return { ...own, caPem };
}

async function fromFiles(cert: string, key: string) {
  return { certificatePem: await readPem(cert), privateKeyPem: await readPem(key) };
}

interface Api {
  readonly api: string;
  readonly accessToken: string | undefined;
}

async function issue(api: Api, terminalId: string) {
  const path = `/admin/terminals/${encodeURIComponent(terminalId)}/certificates`;
  const issued = await call(api, 'POST', path, terminals.issuedCertificate);
  // A fresh Idempotency-Key is never a replay, so the key is there.
  if (issued.privateKeyPem === null) throw new Error(`POST ${path} answered without a private key`);
  return { certificatePem: issued.certificate.certificatePem, privateKeyPem: issued.privateKeyPem };
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

async function call<T>({ api, accessToken }: Api, method: 'GET' | 'POST', path: string, schema: z.ZodType<T>): Promise<T> {
  const url = new URL(`${api.replace(/\/+$/, '')}${path}`);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        ...(accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` }),
        ...(method === 'POST' ? { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() } : {}),
      },
      body: method === 'POST' ? '{}' : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`Tillwire's API at ${api} did not answer ${method} ${path} (${why}); is it running? See --api`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText;
    const hint = response.status === 401 || response.status === 403 ? ' (pass an admin\'s access token with --token-stdin)' : '';
    throw new Error(`${method} ${url.href} answered ${response.status}: ${message}${hint}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${method} ${url.href} answered something unexpected`);
  return parsed.data;
}
