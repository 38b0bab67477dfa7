import { auth } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';
import { CLOCK_SKEW_SECONDS } from './access-token';
import { UserRepository } from './user.repository';

/** No access token lives longer: neither AUTH_ACCESS_TOKEN_SECONDS nor an issued token may exceed it. */
const LONGEST_TOKEN_SECONDS = auth.MAX_ISSUED_TOKEN_SECONDS;

/**
 * The users whose sessions were ended (deactivated, a new password or PIN, a refresh token replayed)
 * and when: their access tokens issued before that second are refused. Tokens are checked without the
 * database, so each API node keeps in memory the ends recent enough to matter (younger than the
 * longest-lived token) and reads them again every few seconds: an ended session stops working on
 * every node within that time.
 */
export class AccessRevocations {
  /** Seconds since the epoch, by user id. */
  private endedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly users = new UserRepository(),
  ) {}

  /** Whether a token of `userId` issued at `issuedAt` (seconds since the epoch) was issued before their sessions ended. */
  revoked(userId: string, issuedAt: number): boolean {
    const ended = this.endedAt.get(userId);
    return ended !== undefined && issuedAt < ended;
  }

  async read(now: Date = new Date()): Promise<void> {
    const since = new Date(now.getTime() - (LONGEST_TOKEN_SECONDS + CLOCK_SKEW_SECONDS) * 1000);
    const ended = await this.users.sessionsEndedSince(this.sql, since);
    this.endedAt = new Map(ended.map(({ userId, endedAt }) => [userId, Math.floor(endedAt.getTime() / 1000)]));
  }

  /** Reads them now, then every `intervalMs` until `stop`; a failed read keeps the ends last read, and is logged. */
  async start(intervalMs: number, log: { warn(message: string): void }): Promise<void> {
    await this.read();
    this.timer = setInterval(() => {
      this.read().catch((error: unknown) => log.warn(`Could not read the ended sessions (the last read stands): ${(error as Error).message}`));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
