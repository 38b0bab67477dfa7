import {
  credentials,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientOptions,
  type ClientUnaryCall,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import type { CallerCredentials } from './grpc-callers';
import { fromGrpcError } from './grpc-errors';
import { withClientSpan } from './grpc-tracing';

/** A generated client constructor (`…ServiceClient`). */
export interface GrpcClientConstructor<C extends Client> {
  new (address: string, credentials: ChannelCredentials, options?: Partial<ClientOptions>): C;
  readonly service: ServiceDefinition;
}

type Unary<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;

/** The unary methods of a generated client, by name: those whose last overload takes a callback. */
export type UnaryMethod<C> = {
  [K in keyof C]: C[K] extends (...args: infer Args) => ClientUnaryCall
    ? Args extends [unknown, Metadata, Partial<CallOptions>, (...response: never[]) => void]
      ? K & string
      : never
    : never;
}[keyof C];
export type RequestOf<F> = F extends Unary<infer Request, unknown> ? Request : never;
export type ResponseOf<F> = F extends Unary<never, infer Response> ? Response : never;

export interface GrpcClientOptions {
  /** Deadline of every call unless the call names its own; there is no call without one. */
  readonly deadlineMs: number;
  /** Who calls: the platform's servers answer their own services only. Without it, only the health service answers. */
  readonly caller?: CallerCredentials;
}

/**
 * A client of one gRPC service whose calls always carry a deadline and the caller's token, join the
 * caller's trace, and reject with `fromGrpcError` (a GrpcCallError carrying the server's domain code
 * and details). The target is read on every call, so a client created before its server bound finds it.
 */
export class GrpcClient<C extends Client> {
  private connected: { readonly target: string; readonly client: C } | undefined;

  constructor(
    private readonly Client: GrpcClientConstructor<C>,
    private readonly target: () => string,
    private readonly options: GrpcClientOptions,
  ) {}

  async call<M extends UnaryMethod<C>>(
    method: M,
    request: RequestOf<C[M]>,
    options: { readonly deadlineMs?: number } = {},
  ): Promise<ResponseOf<C[M]>> {
    const metadata = await this.metadata();
    const client = this.client();
    const invoke = client[method] as unknown as Unary<RequestOf<C[M]>, ResponseOf<C[M]>>;
    const deadline = Date.now() + (options.deadlineMs ?? this.options.deadlineMs);
    const path = this.Client.service[method]?.path ?? `/${method}`;
    return withClientSpan(
      path,
      metadata,
      () =>
        new Promise<ResponseOf<C[M]>>((resolve, reject) => {
          invoke.call(client, request, metadata, { deadline }, (error, response) =>
            error ? reject(fromGrpcError(error, path.slice(1))) : resolve(response),
          );
        }),
    );
  }

  /** The metadata every call starts with: the caller's token. */
  async metadata(): Promise<Metadata> {
    const metadata = new Metadata();
    if (this.options.caller) metadata.set('authorization', await this.options.caller.authorization());
    return metadata;
  }

  close(): void {
    this.connected?.client.close();
    this.connected = undefined;
  }

  private client(): C {
    const target = this.target();
    if (this.connected?.target !== target) {
      this.connected?.client.close();
      this.connected = { target, client: new this.Client(target, credentials.createInsecure()) };
    }
    return this.connected.client;
  }
}
