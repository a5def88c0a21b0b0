import autocannon from 'autocannon';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadSpec {
  label: string;
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  /** Seconds of unmeasured warm-up at the same concurrency (JIT, caches, connection setup). */
  warmup?: number;
}

/** One autocannon run: throughput and latency percentiles (ms), errors and non-2xx answers. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const base = {
    url: spec.url,
    connections: spec.connections,
    headers: spec.headers ?? {},
    method: spec.method ?? 'GET',
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    timeout: 10,
  };
  if (spec.warmup) await autocannon({ ...base, duration: spec.warmup });
  const result = await autocannon({ ...base, duration: spec.duration });
  return {
    label: spec.label,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** A keep-alive HTTP client for sequential timing, where sub-millisecond precision matters. */
export const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: keepAliveAgent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
            headers: response.headers,
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** JSON request helper; throws with the answer when the status is not the expected one. */
export async function json<T = unknown>(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; expect?: number } = {},
): Promise<T> {
  const headers = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const answer = await request(url, { method: options.method ?? 'GET', headers, ...(body ? { body } : {}) });
  const expect = options.expect ?? 200;
  if (answer.status !== expect) {
    throw new Error(
      `${options.method ?? 'GET'} ${url} answered ${answer.status} (expected ${expect}): ${answer.body.toString('utf8').slice(0, 500)}`,
    );
  }
  return (answer.body.length > 0 ? JSON.parse(answer.body.toString('utf8')) : null) as T;
}

export interface Timing {
  p50: number;
  p99: number;
  mean: number;
  count: number;
  failures: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

/**
 * Times `count` sequential requests (after `warmup` unmeasured ones), to the end of the body,
 * stopping early after `maxMs` (a slow endpoint still gets at least 5 samples).
 * A status other than `expect` counts as a failure.
 */
export async function timeSequential(
  count: number,
  send: () => Promise<Answer>,
  { warmup = 20, expect = 200, maxMs = 15_000 }: { warmup?: number; expect?: number; maxMs?: number } = {},
): Promise<Timing> {
  const warmupEnds = performance.now() + maxMs / 3;
  for (let i = 0; i < warmup && (i < 2 || performance.now() < warmupEnds); i++) await send();
  const times: number[] = [];
  let failures = 0;
  const ends = performance.now() + maxMs;
  for (let i = 0; i < count && (i < 5 || performance.now() < ends); i++) {
    const began = performance.now();
    const answer = await send();
    times.push(performance.now() - began);
    if (answer.status !== expect) failures++;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    mean: times.reduce((sum, time) => sum + time, 0) / times.length,
    count: times.length,
    failures,
  };
}
