/** An answer, or why there was none: the load generator treats the two very differently. */
export type Outcome = { kind: 'answer'; status: number; body: any } | { kind: 'timeout' } | { kind: 'network'; message: string };

/**
 * fetch with a timeout and a cap on requests in flight: while a part is down, requests pile up waiting,
 * and an unbounded pile would measure the harness rather than the system.
 */
export class HttpClient {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxInFlight: number,
    private readonly timeoutMs: number,
  ) {}

  async call(method: string, url: string, opts: { token?: string; body?: unknown } = {}): Promise<Outcome> {
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { kind: 'answer', status: res.status, body };
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'network', message: `${e.message}${(e as { cause?: Error }).cause ? `: ${(e as { cause?: Error }).cause!.message}` : ''}` };
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }
}
