import { statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import Koa from 'koa';
import type { OpenAPIObject } from '../../src';
import { openApiMiddleware, serveOpenApi } from '../../src';
import { TestServer } from '../support/http';

const DOCUMENT: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'Catalog <API>', version: '1.0.0' },
  paths: {},
};

const DIST = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** Builds an app with the OpenAPI pages in front of a fallback that echoes the path of every other request. */
function appWith(options?: Parameters<typeof serveOpenApi>[2]): Koa {
  const app = new Koa();
  serveOpenApi(app, DOCUMENT, options);
  app.use((ctx) => {
    ctx.body = { reached: ctx.path };
  });
  return app;
}

/** Sends a GET with the path exactly as given, because a URL string would have its `..` segments resolved. */
function rawStatus(baseUrl: string, rawPath: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path: rawPath, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('serveOpenApi', () => {
  let server: TestServer;

  before(async () => {
    server = await TestServer.start(appWith());
  });

  after(() => server.close());

  describe('document', () => {
    it('GET /openapi.json', async () => {
      const response = await server.get('/openapi.json');
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(response.body).to.deep.equal(DOCUMENT);
    });

    it('ETag answers 304', async () => {
      const first = await server.get('/openapi.json');
      const second = await server.get('/openapi.json', { 'if-none-match': String(first.headers.etag) });
      expect(first.headers.etag).to.match(/^"[\w-]+"$/);
      expect(second.status).to.equal(304);
    });

    it('POST passes through', async () => {
      const response = await server.request('/openapi.json', { method: 'POST' });
      expect(response.body).to.deep.equal({ reached: '/openapi.json' });
    });
  });

  describe('Swagger UI page', () => {
    for (const route of ['/docs', '/docs/', '/docs/index.html']) {
      it(`GET ${route}`, async () => {
        const response = await server.get(route);
        expect(response.status).to.equal(200);
        expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
        expect(response.text).to.contain('<div id="swagger-ui"></div>');
      });
    }

    it('escapes the title', async () => {
      const response = await server.get('/docs');
      expect(response.text).to.contain('<title>Catalog &#60;API&#62;</title>');
    });

    it('loads only local files', async () => {
      const response = await server.get('/docs');
      const sources = [...response.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources).to.deep.equal([
        '/docs/swagger-ui.css',
        '/docs/index.css',
        '/docs/favicon-32x32.png',
        '/docs/favicon-16x16.png',
        '/docs/swagger-ui-bundle.js',
        '/docs/koa-authx-initializer.js',
      ]);
    });

    for (const route of ['/docs', '/docs/index.html']) {
      it(`content security policy on ${route}`, async () => {
        const response = await server.get(route);
        expect(response.headers['content-security-policy']).to.contain("default-src 'self'");
        expect(response.headers['content-security-policy']).to.contain("object-src 'none'");
      });
    }

    it('initializer loads the document', async () => {
      const response = await server.get('/docs/koa-authx-initializer.js');
      expect(response.headers['content-type']).to.equal('text/javascript; charset=utf-8');
      expect(response.text).to.contain('url: "/openapi.json"');
      expect(response.text).to.contain('persistAuthorization: true');
      expect(response.text).to.contain('validatorUrl: null');
      expect(response.text).to.not.contain('petstore');
    });
  });

  describe('Swagger UI files', () => {
    const files: [string, string][] = [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['index.css', 'text/css; charset=utf-8'],
      ['favicon-32x32.png', 'image/png'],
      ['swagger-ui-bundle.js.map', 'application/json; charset=utf-8'],
    ];

    for (const [name, contentType] of files) {
      it(name, async () => {
        const response = await server.get(`/docs/${name}`);
        expect(response.status).to.equal(200);
        expect(response.headers['content-type']).to.equal(contentType);
        expect(response.headers['content-length']).to.equal(String(statSync(path.join(DIST, name)).size));
        expect(response.headers['x-content-type-options']).to.equal('nosniff');
      });
    }

    it('HEAD sends no body', async () => {
      const response = await server.request('/docs/swagger-ui.css', { method: 'HEAD' });
      expect(response.status).to.equal(200);
      expect(response.headers['content-length']).to.equal(String(statSync(path.join(DIST, 'swagger-ui.css')).size));
      expect(response.text).to.equal('');
    });

    it('Last-Modified answers 304', async () => {
      const first = await server.get('/docs/swagger-ui.css');
      const second = await server.get('/docs/swagger-ui.css', { 'if-modified-since': String(first.headers['last-modified']) });
      expect(second.status).to.equal(304);
    });
  });

  describe('rejected paths', () => {
    const rejected = [
      '/docs/../package.json',
      '/docs/..%2fpackage.json',
      '/docs/%2e%2e%2fpackage.json',
      '/docs/..%5cpackage.json',
      '/docs//etc/passwd',
      '/docs/swagger-initializer.js',
      '/docs/index.js',
      '/docs/package.json',
      '/docs/unknown.js',
      '/docs/swagger-ui.css/',
    ];

    for (const route of rejected) {
      it(`404 for ${route}`, async () => {
        expect(await rawStatus(server.url, route)).to.equal(404);
      });
    }
  });

  describe('other requests', () => {
    it('pass through', async () => {
      const response = await server.get('/documents');
      expect(response.body).to.deep.equal({ reached: '/documents' });
    });
  });

  describe('options', () => {
    let custom: TestServer;

    before(async () => {
      custom = await TestServer.start(appWith({ jsonPath: '/api/spec.json', docsPath: '/swagger/' }));
    });

    after(() => custom.close());

    it('custom document path', async () => {
      const response = await custom.get('/api/spec.json');
      expect(response.body).to.deep.equal(DOCUMENT);
    });

    it('custom page path', async () => {
      const response = await custom.get('/swagger');
      expect(response.text).to.contain('/swagger/swagger-ui-bundle.js');
    });

    it('initializer points at the custom document', async () => {
      const response = await custom.get('/swagger/koa-authx-initializer.js');
      expect(response.text).to.contain('url: "/api/spec.json"');
    });

    it('default paths are free', async () => {
      expect((await custom.get('/docs')).body).to.deep.equal({ reached: '/docs' });
      expect((await custom.get('/openapi.json')).body).to.deep.equal({ reached: '/openapi.json' });
    });

    it('docsPath false serves the document only', async () => {
      const documentOnly = new Koa();
      documentOnly.use(openApiMiddleware(DOCUMENT, { docsPath: false }));
      documentOnly.use((ctx) => {
        ctx.body = { reached: ctx.path };
      });
      const only = await TestServer.start(documentOnly);
      try {
        expect((await only.get('/openapi.json')).body).to.deep.equal(DOCUMENT);
        expect((await only.get('/docs')).body).to.deep.equal({ reached: '/docs' });
      } finally {
        await only.close();
      }
    });

    it('persistAuthorization false', async () => {
      const forgetful = await TestServer.start(appWith({ persistAuthorization: false }));
      try {
        expect((await forgetful.get('/docs/koa-authx-initializer.js')).text).to.contain('persistAuthorization: false');
      } finally {
        await forgetful.close();
      }
    });

    const badOptions: [string, Parameters<typeof openApiMiddleware>[1], string][] = [
      ['relative jsonPath', { jsonPath: 'openapi.json' }, 'jsonPath must be a path that starts with /'],
      ['relative docsPath', { docsPath: 'docs' }, 'docsPath must be a path that starts with /'],
      ['root docsPath', { docsPath: '/' }, 'docsPath must be below the root'],
      ['root docsPath with slashes', { docsPath: '//' }, 'docsPath must be below the root'],
    ];
    for (const [name, options, message] of badOptions) {
      it(name, () => {
        expect(() => openApiMiddleware(DOCUMENT, options)).to.throw(TypeError, message);
      });
    }
  });
});
