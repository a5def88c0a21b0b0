// `npm run bench`: every scenario on SQLite, then on PostgreSQL (BENCH_DB, BENCH_ONLY select).
import { p1 } from './p1-link.js';
import { p2 } from './p2-stream.js';
import { p3 } from './p3-scale.js';
import { p4 } from './p4-memory.js';
import { p5 } from './p5-writes.js';
import { runScenarios } from './lib/scenario.js';

await runScenarios([p1, p2, p3, p4, p5]);
