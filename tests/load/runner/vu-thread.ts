import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { serveHttp } from './http-bridge';
import type { Sample } from './metric-sink';

/** What a VU thread is asked to run. */
export type VuCall =
  | { readonly kind: 'setup' }
  | { readonly kind: 'teardown'; readonly data: unknown }
  | {
      readonly kind: 'iteration';
      readonly exec: string;
      readonly scenario: string;
      /** The VU's iteration number in this scenario (`__ITER`). */
      readonly iteration: number;
      readonly data: unknown;
      readonly env: Readonly<Record<string, string>>;
      readonly tags: Readonly<Record<string, string>>;
    };

export interface VuOutcome {
  readonly samples: Sample[];
  /** The exception the call ended with. */
  readonly error?: string;
  /** setup()'s answer as JSON, as k6 hands it to every VU. */
  readonly result?: string;
}

export interface VuBoot {
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface VuWorkerData extends VuBoot {
  readonly id: number;
  readonly flag: Int32Array;
  readonly port: MessagePort;
}

export type VuMessage = { type: 'ready' } | { type: 'failed'; error: string } | { type: 'outcome'; outcome: VuOutcome };

// Each VU thread compiles TypeScript with tsx itself: loader hooks do not reach worker threads on every Node version.
const BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./vu-worker.ts', import.meta.url).href)});`,
  )}`,
);

/** One VU: a worker thread with its own copy of the script, as k6 gives every VU its own runtime. */
export class VuThread {
  private pending: { resolve(message: VuMessage): void; reject(error: Error): void } | undefined;
  private crash: Error | undefined;
  private interrupted = false;
  alive = true;

  private constructor(
    readonly id: number,
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {
    worker.on('message', (message: VuMessage) => this.settle()?.resolve(message));
    worker.on('error', (error) => (this.crash = error));
    worker.on('exit', (code) => {
      this.alive = false;
      this.port.close();
      this.settle()?.reject(this.crash ?? new Error(`VU ${id} exited with code ${code}`));
    });
  }

  /** A VU whose init context (the script's top level) ran. */
  static async start(id: number, boot: VuBoot): Promise<VuThread> {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    serveHttp(port1, flag);
    const workerData: VuWorkerData = { ...boot, id, flag, port: port2 };
    const thread = new VuThread(id, new Worker(BOOTSTRAP, { workerData, transferList: [port2], execArgv: [] }), port1);
    const first = await thread.next();
    if (first.type === 'failed') {
      await thread.close();
      throw new Error(first.error);
    }
    return thread;
  }

  /** Runs `call`; undefined when it was interrupted. */
  async call(call: VuCall): Promise<VuOutcome | undefined> {
    const next = this.next();
    this.worker.postMessage(call);
    try {
      const message = await next;
      if (message.type !== 'outcome') throw new Error(`VU ${this.id} answered ${message.type}`);
      return message.outcome;
    } catch (error) {
      if (this.interrupted) return undefined;
      throw error;
    }
  }

  /** Ends the call in progress at once (the thread with it); nothing when idle. */
  async interrupt(): Promise<void> {
    if (!this.pending) return;
    this.interrupted = true;
    await this.worker.terminate();
  }

  async close(): Promise<void> {
    this.interrupted = true;
    await this.worker.terminate();
  }

  private next(): Promise<VuMessage> {
    if (!this.alive) return Promise.reject(new Error(`VU ${this.id} has ended`));
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  private settle() {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}

/** VU threads, started up front or when a scenario needs more, and handed from scenario to scenario. */
export class VuPool {
  private readonly idle: VuThread[] = [];
  private readonly threads = new Set<VuThread>();
  private nextId = 1;

  constructor(private readonly boot: VuBoot) {}

  async prepare(count: number): Promise<void> {
    this.idle.push(...(await Promise.all(Array.from({ length: count }, () => this.spawn()))));
  }

  async acquire(): Promise<VuThread> {
    return this.idle.pop() ?? this.spawn();
  }

  release(thread: VuThread): void {
    if (thread.alive) this.idle.push(thread);
    else this.threads.delete(thread);
  }

  async close(): Promise<void> {
    await Promise.all([...this.threads].map((thread) => thread.close()));
  }

  private async spawn(): Promise<VuThread> {
    const thread = await VuThread.start(this.nextId++, this.boot);
    this.threads.add(thread);
    return thread;
  }
}
