import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../lib/package-root.js';
import type { LinkPreview } from '../services/link-preview.service.js';

/** Where the built web app lives: PINAKES_WEB_DIR, else web/dist of the installed package. */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PINAKES_WEB_DIR ? path.resolve(env.PINAKES_WEB_DIR) : path.join(PACKAGE_ROOT, 'web', 'dist');
}

/** Why the web app cannot be served from `distDir`, or null when its index.html is there. */
export function webBuildProblem(distDir: string): string | null {
  if (fs.existsSync(path.join(distDir, 'index.html'))) return null;
  return `The web app is not built: ${path.join(distDir, 'index.html')} is missing. The API runs; build the web app with \`npm run build\` (or set PINAKES_WEB_DIR).`;
}

/** index.html, re-read only when the file changes (a rebuild while the server runs is picked up). */
export class IndexHtml {
  private cached: { mtimeMs: number; html: string } | null = null;

  constructor(private readonly file: string) {}

  async read(): Promise<string | null> {
    const stat = await fs.promises.stat(this.file).catch(() => null);
    if (!stat) return null;
    if (this.cached?.mtimeMs !== stat.mtimeMs) {
      this.cached = { mtimeMs: stat.mtimeMs, html: await fs.promises.readFile(this.file, 'utf8') };
    }
    return this.cached.html;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe inside an HTML attribute value or text node. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const META_MARKER = '<!--pinakes:meta-->';
const DESCRIPTION_MAX = 200;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The <head> tags of a link page: never indexed; OpenGraph/Twitter only for a live link without password. */
export function linkPageTags(
  preview: LinkPreview | null,
  pageUrl: string,
  imageUrl: string,
): { tags: string; title: string } {
  const robots =
    '<meta name="robots" content="noindex, nofollow" />\n    <meta name="referrer" content="no-referrer" />';
  if (!preview || preview.protected) return { tags: robots, title: 'Pinakes' };
  const title = clip(preview.targetName ?? 'Shared with Pinakes', 120);
  const description = clip(
    preview.note?.trim() ? preview.note : `Shared by ${preview.ownerUsername}`,
    DESCRIPTION_MAX,
  );
  const meta = (attr: 'property' | 'name', key: string, value: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`;
  const tags = [
    robots,
    meta('name', 'description', description),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', 'Pinakes'),
    meta('property', 'og:title', title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', pageUrl),
    ...(preview.hasImage
      ? [
          meta('property', 'og:image', imageUrl),
          meta('property', 'og:image:type', 'image/webp'),
          meta('property', 'og:image:alt', title),
        ]
      : []),
    meta('name', 'twitter:card', preview.hasImage ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', title),
    meta('name', 'twitter:description', description),
    ...(preview.hasImage
      ? [meta('name', 'twitter:image', imageUrl), meta('name', 'twitter:image:alt', title)]
      : []),
  ];
  return { tags: tags.join('\n    '), title: `${title} · Pinakes` };
}

/** index.html with the page's tags in place of the marker and its own <title>. */
export function injectHead(html: string, head: { tags: string; title: string }): string {
  // Replacer functions, not strings: `$&` and friends in a note must stay literal text.
  const withTitle = html.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(head.title)}</title>`);
  return withTitle.includes(META_MARKER)
    ? withTitle.replace(META_MARKER, () => head.tags)
    : withTitle.replace('</head>', () => `    ${head.tags}\n  </head>`);
}

/** Shown instead of the app when web/dist has not been built. */
export const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Pinakes</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>The web app is not built</h1>
<p>The API is running. Build the web app with <code>npm run build:web</code> (or <code>npm run build</code>) and reload.</p>
</body></html>
`;
