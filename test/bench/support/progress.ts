/** Progress goes to stderr (stdout carries the results), one line each, prefixed with the benchmark's name. */
export function progressFor(bench: string): (line: string) => void {
  return (line) => process.stderr.write(`[${bench}] ${line}\n`);
}

/**
 * Calls `report` every `everyMs` until stopped: long phases say how far they are (done/total, rate).
 */
export function ticker(report: () => string, say: (line: string) => void, everyMs = 5000): { stop(): void } {
  const timer = setInterval(() => say(report()), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
