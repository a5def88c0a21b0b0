import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server.js';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx'];

const findNginx = () => CANDIDATES.find((candidate) => fs.existsSync(candidate));

/** Debian's nginx, installed (nginx-light, else nginx) when absent. */
export function ensureNginx(): string {
  const found = findNginx();
  if (found) return found;
  process.stdout.write(
    "nginx is not installed: installing Debian's package (apt-get install -y nginx-light)\n",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx-light'], {
      stdio: 'inherit',
      env,
    });
  } catch {
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx'], {
      stdio: 'inherit',
      env,
    });
  }
  const installed = findNginx();
  if (!installed) throw new Error('nginx could not be installed');
  // The package may start a system-wide nginx on port 80; the bench runs its own and needs none.
  try {
    execFileSync('service', ['nginx', 'stop'], { stdio: 'ignore' });
  } catch {
    // No service manager here, or it was not running.
  }
  return installed;
}

export interface NginxServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * nginx serving `root` on a loopback port with Debian's defaults that matter for files
 * (sendfile on, tcp_nopush on), one worker (the server under test is one process too), no
 * access log.
 */
export async function startNginx(root: string): Promise<NginxServer> {
  const binary = ensureNginx();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-bench-nginx-'));
  const conf = path.join(dir, 'nginx.conf');
  // As root, nginx's workers would drop to nobody, who may not read the private data dir.
  const userLine = process.getuid?.() === 0 ? 'user root root;\n' : '';
  fs.writeFileSync(
    conf,
    `daemon off;
${userLine}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  default_type application/octet-stream;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`,
  );
  const child = spawn(binary, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(path.join(dir, 'nginx.pid'))) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
