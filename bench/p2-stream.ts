import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DialectName } from '../src/db/database.js';
import { contentPath } from '../src/storage/content-store.js';
import { createLink, createMedia, createUsers } from './lib/fixtures.js';
import { json, request, timeSequential } from './lib/load.js';
import { startNginx } from './lib/nginx.js';
import type { BenchOptions } from './lib/options.js';
import { fmt, type Row, type Table } from './lib/report.js';
import { isMain, runScenarios, type Scenario } from './lib/scenario.js';
import { RssSampler, startServer } from './lib/server.js';
import { freshTarget } from './lib/target.js';

const PARALLEL = 4;
const ROUNDS = 2;
const RANGE_BYTES = 1024 * 1024;
const RANGE_SAMPLES = 200;
/** How much the server may grow while streaming gigabytes: buffers, not files. */
const FLAT_MEMORY_BYTES = 64 * 1024 * 1024;

/** Writes `mib` MiB of random-looking bytes straight into the content store; returns hash and size. */
async function writeBigFile(
  dataDir: string,
  mib: number,
): Promise<{ hash: string; size: number; file: string }> {
  const temp = path.join(dataDir, 'tmp', `bench-${process.pid}.bin`);
  fs.mkdirSync(path.dirname(temp), { recursive: true });
  const block = crypto.randomBytes(1024 * 1024);
  const digest = crypto.createHash('sha256');
  const handle = fs.openSync(temp, 'w');
  try {
    for (let i = 0; i < mib; i++) {
      // Vary each block so no layer can deduplicate or compress the file away.
      block.writeUInt32BE(i, 0);
      digest.update(block);
      fs.writeSync(handle, block);
    }
  } finally {
    fs.closeSync(handle);
  }
  const hash = digest.digest('hex');
  const file = contentPath(dataDir, hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.renameSync(temp, file);
  return { hash, size: mib * 1024 * 1024, file };
}

/** One whole-body download with curl (a lean C client), discarding the bytes; returns bytes received. */
function curlDownload(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download}'];
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    args.push(url);
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', () => {
      const [status, size] = out.trim().split(' ');
      if (status !== '200') reject(new Error(`download answered ${status}`));
      else resolve(Number(size));
    });
  });
}

/** Node's own client, where curl is missing. */
function nodeDownload(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`download answered ${response.statusCode}`));
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve(bytes));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const hasCurl = () => fs.existsSync('/usr/bin/curl') || fs.existsSync('/bin/curl');

/** `PARALLEL` simultaneous whole-file downloads, `ROUNDS` times; bytes per second overall. */
async function throughput(url: string, headers: Record<string, string>, expected: number): Promise<number> {
  const download = hasCurl() ? curlDownload : nodeDownload;
  await download(url, headers); // warm-up: page cache and JIT
  let bytes = 0;
  const began = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const sizes = await Promise.all(Array.from({ length: PARALLEL }, () => download(url, headers)));
    for (const size of sizes) {
      if (size !== expected) throw new Error(`a download got ${size} bytes, expected ${expected}`);
      bytes += size;
    }
  }
  return bytes / ((performance.now() - began) / 1000);
}

async function rangeTiming(url: string, headers: Record<string, string>, size: number) {
  const start = Math.floor(size / 2);
  const range = `bytes=${start}-${start + RANGE_BYTES - 1}`;
  return timeSequential(RANGE_SAMPLES, () => request(url, { headers: { ...headers, range } }), {
    expect: 206,
  });
}

async function run(dialect: DialectName, options: BenchOptions): Promise<Table[]> {
  const target = freshTarget(dialect, options, 'p2');
  try {
    const db = await target.open();
    let linkToken: string;
    let mediaId: string;
    let big: Awaited<ReturnType<typeof writeBigFile>>;
    try {
      const [owner] = await createUsers(db.kysely, target, ['owner']);
      if (!owner) throw new Error('no owner');
      big = await writeBigFile(target.dataDir, options.fileMiB);
      mediaId = await createMedia(db.kysely, {
        ownerId: owner.id,
        title: 'Long film',
        fileName: 'film.mp4',
        mediaType: 'video',
        mimeType: 'video/mp4',
        hash: big.hash,
        size: big.size,
      });
      linkToken = (await createLink(db.kysely, target, { ownerId: owner.id, mediaId })).token;
    } finally {
      await db.close();
    }

    const nginx = await startNginx(path.dirname(big.file));
    let nginxRate: number;
    let nginxRange: Awaited<ReturnType<typeof rangeTiming>>;
    try {
      const url = `${nginx.url}/${path.basename(big.file)}`;
      nginxRate = await throughput(url, {}, big.size);
      nginxRange = await rangeTiming(url, {}, big.size);
    } finally {
      await nginx.stop();
    }

    const server = await startServer(target, options, { label: 'p2' });
    try {
      const opened = await json<{ access_token: string }>(`${server.url}/api/v1/shared/${linkToken}`);
      const headers = { 'x-share-access': opened.access_token };
      const url = `${server.url}/api/v1/shared/${linkToken}/media/${mediaId}/stream`;
      // Idle after one small request, so what follows measures the streaming itself.
      await request(url, { headers: { ...headers, range: 'bytes=0-1023' } });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const idle = server.rss();
      const sampler = new RssSampler(server.pid, 25);
      const rate = await throughput(url, headers, big.size);
      const range = await rangeTiming(url, headers, big.size);
      const peak = sampler.stop();
      const ratio = rate / nginxRate;
      const growth = peak - idle;
      const rows: Row[] = [
        {
          metric: `${PARALLEL} parallel downloads of ${fmt.int(options.fileMiB)} MiB, ${ROUNDS} rounds`,
          value: fmt.mbps(rate),
          ceiling: `${fmt.mbps(nginxRate)} (nginx)`,
          ratio: fmt.ratio(ratio),
          goal: '>= 0.7 x',
          ok: ratio >= 0.7,
        },
        {
          metric: '1 MiB range from the middle',
          value: `p50 ${fmt.ms(range.p50)}, p99 ${fmt.ms(range.p99)}${range.failures ? `, ${range.failures} FAILED` : ''}`,
          ceiling: `p50 ${fmt.ms(nginxRange.p50)} (nginx)`,
          ratio: fmt.ratio(range.p50 / nginxRange.p50),
          goal: 'p50 < 5 ms',
          ok: range.p50 < 5 && range.failures === 0,
        },
        {
          metric: 'server RSS idle / peak while streaming',
          value: `${fmt.mb(idle)} / ${fmt.mb(peak)} (+${fmt.mb(growth)})`,
          goal: `flat (+ <= ${fmt.mb(FLAT_MEMORY_BYTES)})`,
          ok: growth <= FLAT_MEMORY_BYTES,
        },
      ];
      return [
        {
          scenario: 'p2',
          dialect,
          title: 'stream a large file through a link',
          rows,
          notes: [
            `Client: ${hasCurl() ? 'curl' : 'node:http'}; nginx: one worker, sendfile on; the file is in the page cache for both.`,
          ],
        },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await target.destroy();
  }
}

export const p2: Scenario = { id: 'p2', title: 'file streaming', run };

if (isMain(import.meta.url)) await runScenarios([p2]);
