import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { AuditLog } from '../store/audit-log';
import { FailedAccessAttemptsRepository, type AccessAttemptKind } from '../store/failed-access-attempts-repository';
import type { Db } from '../store/open-database';
import { retryLater } from './retry-later';

/** Failed attempts of one kind within a window, after which the next waits until the oldest leaves it. */
export const FAILURES_PER_WINDOW = 5;
export const ATTEMPT_WINDOW_MS = 60_000;

/** Nobody is known before an attempt succeeds. */
const UNKNOWN_ACTOR = 'someone at the kiosk';

export interface AttemptLimitDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Unlock and setup-code attempts, limited per kiosk: after FAILURES_PER_WINDOW failed ones of
 * a kind within a minute, the next is refused (`retry_later`, saying when) without being
 * tried. Failures are counted from the store on the kiosk's clock, so a restart does not reset
 * them. A success does not count: it proves the key and its PIN (or the code), and counting it
 * would only hold up facilitators handing over and kiosks restarting. Attempts still running
 * count as failures until they end, so a burst of calls cannot slip past the limit before the
 * first failure is written. Every attempt is in the audit log with its outcome (succeeded,
 * failed with the error code, refused with when to retry), never with the PIN or code typed.
 */
export class AttemptLimit {
  private readonly repo: FailedAccessAttemptsRepository;
  /** Start times (epoch ms) of attempts under way, by kind. */
  private readonly running = new Map<AccessAttemptKind, number[]>();

  constructor(private readonly deps: AttemptLimitDeps) {
    this.repo = new FailedAccessAttemptsRepository(deps.db);
  }

  /** Runs `attempt` as one attempt of `kind`, or refuses it with `retry_later` without running it. */
  async run<T>(kind: AccessAttemptKind, attempt: () => Promise<T>, actorOf: (result: T) => string): Promise<T> {
    const started = this.deps.clock.now();
    this.refuseOverLimit(kind, started);
    const running = this.running.get(kind) ?? [];
    running.push(started.getTime());
    this.running.set(kind, running);
    try {
      const result = await attempt();
      this.deps.audit.append({ actor: actorOf(result), action: 'access.attempt', subject: null, data: { kind, outcome: 'succeeded' } });
      return result;
    } catch (error) {
      const code = error instanceof KioskError ? error.code : 'internal';
      this.deps.db.transaction(() => {
        this.repo.insert(kind, started.toISOString(), new Date(started.getTime() - ATTEMPT_WINDOW_MS).toISOString());
        this.deps.audit.append({ actor: UNKNOWN_ACTOR, action: 'access.attempt', subject: null, data: { kind, outcome: 'failed', error: code } });
      })();
      throw error;
    } finally {
      running.splice(running.indexOf(started.getTime()), 1);
    }
  }

  private refuseOverLimit(kind: AccessAttemptKind, now: Date): void {
    const since = now.getTime() - ATTEMPT_WINDOW_MS;
    const failed = this.repo.latestSince(kind, new Date(since).toISOString(), FAILURES_PER_WINDOW).map((at) => Date.parse(at));
    const counted = [...failed, ...(this.running.get(kind) ?? [])].filter((at) => at > since).sort((a, b) => b - a);
    if (counted.length < FAILURES_PER_WINDOW) return;
    const oldestCounted = counted[FAILURES_PER_WINDOW - 1]!;
    const refusal = retryLater(now, oldestCounted + ATTEMPT_WINDOW_MS - now.getTime(), (seconds) => message('access.tooManyAttempts', { seconds }));
    this.deps.audit.append({ actor: UNKNOWN_ACTOR, action: 'access.attempt', subject: null, data: { kind, outcome: 'refused', ...(refusal.details as object) } });
    throw refusal;
  }
}
