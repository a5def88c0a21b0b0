import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { findLinkPreview, linkPreviewImage } from '../services/link-preview.service.js';
import { API_ALIAS_PREFIX } from '../routes/prefix.js';
import { IndexHtml, injectHead, linkPageTags, NOT_BUILT_HTML, webDistDir } from './web-page.js';

export interface WebOptions {
  ctx: AppContext;
  /** The built app (index.html + assets/); default web/dist, or PINAKES_WEB_DIR. */
  distDir?: string;
}

/** Hashed file names never change content: cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Unhashed files at the root (favicon, robots.txt): revalidate now and then. */
const SHORT = 'public, max-age=3600';

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');
const isApiPath = (url: string) =>
  url === API_ALIAS_PREFIX ||
  url.startsWith(`${API_ALIAS_PREFIX}/`) ||
  url.startsWith(`${API_ALIAS_PREFIX}?`);
const pathOf = (url: string) => url.split('?')[0] ?? url;

/** The pages may frame Blob URLs (the PDF preview); everything else keeps the app-wide policy. */
function allowBlobFrames(reply: FastifyReply): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string' && !policy.includes('frame-src')) {
    reply.header('content-security-policy', `${policy};frame-src 'self' blob:`);
  }
}

/**
 * Serves the web app: hashed assets with long-lived caching, index.html (never cached) for
 * every non-API page a browser asks for, and the public link page /s/{token} with its unfurl
 * tags rendered on the server (no access counted) plus its preview image.
 */
export async function webPlugin(
  app: FastifyInstance,
  { ctx, distDir = webDistDir() }: WebOptions,
): Promise<void> {
  const assetsDir = path.join(distDir, 'assets');
  const index = new IndexHtml(path.join(distDir, 'index.html'));

  // Registered here only to decorate replies with sendFile; every route below is our own.
  // Cache headers go on files actually sent, never on the 404 of a missing one.
  await app.register(fastifyStatic, {
    root: distDir,
    serve: false,
    decorateReply: true,
    index: false,
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders: (res, filePath) => {
      res.setHeader('cache-control', filePath.startsWith(assetsDir + path.sep) ? IMMUTABLE : SHORT);
    },
  });

  const sendIndex = async (reply: FastifyReply, status = 200, head?: { tags: string; title: string }) => {
    const html = await index.read();
    allowBlobFrames(reply);
    if (html === null) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_HTML);
    }
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', head ? 'private, no-store' : 'no-cache')
      .send(head ? injectHead(html, head) : html);
  };

  app.get('/assets/*', { config: { auth: 'public' }, schema: { hide: true } }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(file, assetsDir);
  });

  app.get<{ Params: { token: string } }>(
    '/s/:token',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const { token } = request.params;
      const preview = await findLinkPreview(ctx, token, request.ip);
      const page = `${ctx.config.publicUrl}/s/${encodeURIComponent(token)}`;
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
      return sendIndex(reply, preview ? 200 : 404, linkPageTags(preview, page, `${page}/preview.webp`));
    },
  );

  app.get<{ Params: { token: string } }>(
    '/s/:token/preview.webp',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const image = await linkPreviewImage(ctx, request.params.token, request.ip);
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
      if (!image) return reply.callNotFound();
      return (
        reply
          .type(image.mimeType)
          .header('cache-control', 'private, no-store')
          // Unfurlers fetch it from elsewhere; it is the one image meant to leave the site.
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('content-length', image.size)
          .send(fs.createReadStream(image.path))
      );
    },
  );

  // Any other GET: a file at the root of dist (favicon.svg, robots.txt), else the app for browsers.
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const url = pathOf(request.url);
    if (isApiPath(url)) return reply.callNotFound();
    const name = url.slice(1);
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && name !== 'index.html') {
      const stat = await fs.promises.stat(path.join(distDir, name)).catch(() => null);
      if (stat?.isFile()) return reply.sendFile(name, distDir);
    }
    if (!wantsHtml(request)) return reply.callNotFound();
    return sendIndex(reply);
  });
}
