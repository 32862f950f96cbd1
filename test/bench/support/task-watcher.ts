import type { NatsConnection, Subscription } from 'nats';

interface Seen {
  taskId: string;
  taskType: string;
  at: number;
}

/**
 * Watches `task.created` (published after the task is stored, so the moment a caseworker could see it) and
 * resolves waiters by case and task type. Events that arrive before anyone waits are kept.
 */
export class TaskWatcher {
  private readonly seen = new Map<string, Seen>();
  private readonly waiters = new Map<string, (seen: Seen) => void>();
  private readonly sub: Subscription;
  count = 0;

  constructor(nc: NatsConnection) {
    const sub = nc.subscribe('task.created');
    this.sub = sub;
    void (async () => {
      for await (const msg of sub) {
        const event = msg.json<{ caseId: string; taskId: string; taskType: string }>();
        const key = `${event.caseId}/${event.taskType}`;
        const seen = { taskId: event.taskId, taskType: event.taskType, at: performance.now() };
        this.count++;
        const waiter = this.waiters.get(key);
        if (waiter) {
          this.waiters.delete(key);
          waiter(seen);
        } else if (!this.seen.has(key)) this.seen.set(key, seen);
      }
    })();
  }

  /** The first task of the type created in the case, with the time it was seen. */
  waitFor(caseId: string, taskType: string, timeoutMs = 120_000): Promise<Seen> {
    const key = `${caseId}/${taskType}`;
    const already = this.seen.get(key);
    if (already) {
      this.seen.delete(key);
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`no ${taskType} task for ${caseId} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiters.set(key, (seen) => {
        clearTimeout(timer);
        resolve(seen);
      });
    });
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}
