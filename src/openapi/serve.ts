import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import type { OpenAPIObject } from 'openapi3-ts';
import { PageAsset, swaggerUiAssets } from './swagger-ui-page';

/** Options of {@link serveOpenApi} and {@link openApiMiddleware}. */
export interface ServeOpenApiOptions {
  /** Path of the JSON document. Default `/openapi.json`. */
  jsonPath?: string;
  /** Path of the Swagger UI page, whose files are served below it. Default `/docs`, and `false` serves the document only. */
  docsPath?: string | false;
  /**
   * Whether Swagger UI keeps the token pasted in Authorize across reloads, in the browser's
   * local storage. Default true.
   */
  persistAuthorization?: boolean;
}

// Swagger UI styles elements inline and draws icons from data: URLs. Try it out may call any
// server the document lists, so connections are not limited.
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src *; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/**
 * Builds Koa middleware that sends `document` for `GET jsonPath` and serves Swagger UI at
 * `docsPath` from the local swagger-ui-dist package. Other requests pass through, except
 * unknown files below `docsPath`, which get a 404.
 *
 * @throws TypeError when a path does not start with `/`, or `docsPath` is `/`.
 */
export function openApiMiddleware(document: OpenAPIObject, options: ServeOpenApiOptions = {}): Middleware {
  const jsonPath = checkPath('jsonPath', options.jsonPath ?? '/openapi.json');
  const docsPath = options.docsPath === false ? undefined : checkPath('docsPath', options.docsPath ?? '/docs');
  if (docsPath === '/') throw new TypeError('docsPath must be below the root, such as /docs, because its files are served under it');

  const json = JSON.stringify(document);
  const jsonTag = `"${createHash('sha256').update(json).digest('base64url')}"`;
  const assets = docsPath
    ? swaggerUiAssets({ title: document.info?.title ?? 'API', documentUrl: jsonPath, assetPrefix: docsPath, persistAuthorization: options.persistAuthorization ?? true })
    : new Map<string, PageAsset>();

  return async function serveOpenApiDocument(ctx, next) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();

    if (ctx.path === jsonPath) {
      sendText(ctx, 'application/json; charset=utf-8', json, jsonTag);
      return;
    }
    if (docsPath && (ctx.path === docsPath || ctx.path === `${docsPath}/`)) {
      await sendAsset(ctx, assets.get('index.html') as PageAsset);
      return;
    }
    if (docsPath && ctx.path.startsWith(`${docsPath}/`)) {
      // Files are looked up by exact name among the page's own, so `..` and encoded
      // separators can only miss.
      const asset = assets.get(ctx.path.slice(docsPath.length + 1));
      if (asset) await sendAsset(ctx, asset);
      else ctx.status = 404;
      return;
    }
    return next();
  };
}

/**
 * Serves `document` at `GET /openapi.json` and Swagger UI at `/docs` on `app`. The options
 * change both paths. Call it before `useKoaServer`, so the pages are found before the routes.
 *
 * @example
 * ```ts
 * serveOpenApi(app, buildOpenApiDocument(auth, { controllers }), { docsPath: '/swagger' });
 * ```
 */
export function serveOpenApi(app: Koa<any, any>, document: OpenAPIObject, options: ServeOpenApiOptions = {}): void {
  app.use(openApiMiddleware(document, options));
}

function checkPath(option: string, value: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new TypeError(`${option} must be a path that starts with /, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, '') || '/';
}

async function sendAsset(ctx: Context, asset: PageAsset): Promise<void> {
  if (asset.contentType.startsWith('text/html')) ctx.set('Content-Security-Policy', PAGE_POLICY);
  if (asset.text !== undefined) {
    sendText(ctx, asset.contentType, asset.text);
    return;
  }

  const file = asset.file as string;
  let size: number;
  let modified: Date;
  try {
    ({ size, mtime: modified } = await stat(file));
  } catch {
    ctx.status = 404;
    return;
  }

  ctx.status = 200;
  ctx.type = asset.contentType;
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.lastModified = modified;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.length = size;
  // A Buffer rather than a stream: a client that aborts a download mid-stream makes Koa log a
  // "Premature close" error. The files are the few assets of swagger-ui-dist, kept once read.
  if (ctx.method === 'GET') ctx.body = await readAsset(file);
}

const assetContents = new Map<string, Promise<Buffer>>();

function readAsset(file: string): Promise<Buffer> {
  let content = assetContents.get(file);
  if (!content) {
    content = readFile(file);
    content.catch(() => assetContents.delete(file));
    assetContents.set(file, content);
  }
  return content;
}

function sendText(ctx: Context, contentType: string, text: string, etag?: string): void {
  ctx.status = 200;
  ctx.type = contentType;
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (etag) {
    ctx.etag = etag;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
  }
  ctx.body = text;
}
