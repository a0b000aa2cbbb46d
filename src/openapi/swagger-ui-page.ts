import { existsSync } from 'node:fs';
import path from 'node:path';

/** A file of the Swagger UI page, served from memory or from the swagger-ui-dist folder. */
export interface PageAsset {
  contentType: string;
  /** Generated text, for the page and its initializer. */
  text?: string;
  /** Absolute path of a swagger-ui-dist file. */
  file?: string;
}

// The page uses the bundle with its base layout. The standalone preset is not served because
// its top bar loads any URL typed into it, and the dist's own initializer is replaced because
// it loads the Petstore example.
const DIST_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui.css.map': 'application/json; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-bundle.js.map': 'application/json; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const INITIALIZER = 'koa-authx-initializer.js';

/** Settings of the Swagger UI page. */
export interface SwaggerUiPage {
  /** Text of the `<title>` element. */
  title: string;
  /** URL of the OpenAPI document. */
  documentUrl: string;
  /** URL path the page's files are served under, without a trailing `/`. */
  assetPrefix: string;
  /** Whether a token pasted in Authorize survives reloads, in the browser's local storage. */
  persistAuthorization: boolean;
}

/**
 * Returns the files of a Swagger UI page, keyed by file name. Every script, style sheet and
 * image comes from the local swagger-ui-dist package, so the page works offline.
 *
 * @throws Error when swagger-ui-dist is missing a file the page needs.
 */
export function swaggerUiAssets(page: SwaggerUiPage): Map<string, PageAsset> {
  const folder = swaggerUiDistFolder();
  const assets = new Map<string, PageAsset>();

  for (const [name, contentType] of Object.entries(DIST_FILES)) {
    const file = path.join(folder, name);
    if (!existsSync(file)) {
      throw new Error(`swagger-ui-dist has no ${name} in ${folder}. Reinstall it with npm install swagger-ui-dist`);
    }
    assets.set(name, { contentType, file });
  }
  assets.set(INITIALIZER, { contentType: 'text/javascript; charset=utf-8', text: initializerScript(page) });
  assets.set('index.html', { contentType: 'text/html; charset=utf-8', text: indexPage(page) });
  return assets;
}

function swaggerUiDistFolder(): string {
  // The package's main module evaluates the 1.7 MB browser bundle in Node before returning the
  // same folder, so only its path helper is loaded.
  const getAbsoluteFSPath = require('swagger-ui-dist/absolute-path.js') as () => string;
  return getAbsoluteFSPath();
}

function initializerScript(page: SwaggerUiPage): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(page.documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: ${page.persistAuthorization},
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}

function indexPage(page: SwaggerUiPage): string {
  const asset = (name: string) => escapeHtml(`${page.assetPrefix}/${name}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title)}</title>
  <link rel="stylesheet" href="${asset('swagger-ui.css')}">
  <link rel="stylesheet" href="${asset('index.css')}">
  <link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}" sizes="32x32">
  <link rel="icon" type="image/png" href="${asset('favicon-16x16.png')}" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${asset('swagger-ui-bundle.js')}"></script>
  <script src="${asset(INITIALIZER)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
