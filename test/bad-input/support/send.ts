/** One request exactly as the test builds it: any method, headers and raw body bytes. */
export interface RawRequest {
  method: string;
  /** Base URL of the service. */
  base: string;
  /** Path and query, already encoded: what goes on the request line. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface RawAnswer {
  status: number;
  contentType: string | null;
  /** Parsed JSON when the answer is JSON, otherwise the text. */
  body: any;
}

/** Sends one request; the answer's body is parsed when it is JSON. */
export async function send(req: RawRequest): Promise<RawAnswer> {
  const res = await fetch(`${req.base}${req.target}`, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  let body: unknown = text;
  if (contentType?.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      /* left as text: the check says a JSON answer did not parse */
    }
  }
  return { status: res.status, contentType, body };
}

/** A JSON body as bytes with its content type, for a request; a raw text is sent as it is. */
export function jsonRequest(
  method: string,
  base: string,
  target: string,
  opts: { token?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> } = {},
): RawRequest {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  // Headers given are sent as they are: a test of content types may want none at all.
  const hasBody = opts.body !== undefined || opts.rawBody !== undefined;
  if (hasBody && !opts.headers) headers['content-type'] = 'application/json';
  return { method, base, target, headers, body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) };
}

/** Runs `fn` over the items with at most `limit` at a time (the machine is small and shared). */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Encodes one path segment, so whatever a test puts in a path parameter arrives as that parameter. */
export const segment = (value: string): string => encodeURIComponent(value);

/** A query string from pairs (a name may repeat), encoded; '' when there are none. */
export function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return '';
  return `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}
