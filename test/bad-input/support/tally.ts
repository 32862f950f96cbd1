/**
 * Counts the bad inputs a test file tried, per route (or subject), and what came back, for the one-line
 * summary each file prints and for the checks that every route was really tried.
 */
export class Tally {
  private readonly tried = new Map<string, number>();
  private readonly statuses = new Map<number, number>();

  constructor(
    private readonly name: string,
    private readonly unit = 'requests',
  ) {}

  count(key: string, status?: number): void {
    this.tried.set(key, (this.tried.get(key) ?? 0) + 1);
    if (status !== undefined) this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  of(key: string): number {
    return this.tried.get(key) ?? 0;
  }

  get total(): number {
    let n = 0;
    for (const v of this.tried.values()) n += v;
    return n;
  }

  get keys(): string[] {
    return [...this.tried.keys()].sort();
  }

  /** e.g. `[bad-input] casework: 1840 requests over 23 routes (400×1500, 403×200, …) in 20.1 s`; `over` says over what. */
  summary(over: string, startedAt: number): string {
    const byStatus = [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(', ');
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    return `[bad-input] ${this.name}: ${this.total} ${this.unit} over ${over}${byStatus ? ` (${byStatus})` : ''} in ${seconds} s`;
  }
}
