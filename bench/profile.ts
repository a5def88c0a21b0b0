// `npm run bench:profile -- <file.cpuprofile | dir>`: where a server profile (BENCH_PROFILE=dir)
// spent its time: top functions by self time, time by package/module, and a folded-stacks file
// (<profile>.folded) for any flame-graph renderer (speedscope, flamegraph.pl, inferno).
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25);

function moduleOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const rest = clean.slice(nodeModules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? clean);
  }
  if (clean.startsWith('node:')) return clean;
  const dist = clean.indexOf('/dist/');
  return dist >= 0 ? clean.slice(dist + 1) : path.basename(clean);
}

function frameName(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `${name} ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
}

function summarize(file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
    total += delta;
  });
  const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const folded = new Map<string, number>();
  let busy = 0;
  for (const [id, time] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node.callFrame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    const module = idle.has(node.callFrame.functionName)
      ? node.callFrame.functionName
      : moduleOf(node.callFrame.url);
    byModule.set(module, (byModule.get(module) ?? 0) + time);
    if (node.callFrame.functionName !== '(idle)') busy += time;
    const stack: string[] = [];
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (frame && frame.functionName !== '(root)') stack.push(frameName(frame).replace(/;/g, ','));
    }
    const key = stack.reverse().join(';');
    folded.set(key, (folded.get(key) ?? 0) + time);
  }
  const pct = (time: number) => `${((time / total) * 100).toFixed(1).padStart(5)}%`;
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, time]) => `  ${pct(time)}  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`)
      .join('\n');
  process.stdout.write(
    `\n${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(busy)} busy\n` +
      `by module (self time):\n${top(byModule)}\n` +
      `by function (self time):\n${top(byFunction)}\n`,
  );
  const foldedFile = `${file}.folded`;
  fs.writeFileSync(
    foldedFile,
    [...folded.entries()].map(([stack, time]) => `${stack} ${Math.max(1, Math.round(time))}`).join('\n'),
  );
  process.stdout.write(`folded stacks: ${foldedFile}\n`);
}

const input = process.argv[2];
if (!input) {
  process.stderr.write('usage: npm run bench:profile -- <file.cpuprofile | directory>\n');
  process.exit(2);
}
const files = fs.statSync(input).isDirectory()
  ? fs
      .readdirSync(input)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(input, name))
  : [input];
for (const file of files) summarize(file);
