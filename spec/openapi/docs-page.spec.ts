import { expect } from 'chai';
import type Koa from 'koa';
import type { OpenAPIObject } from '../../src';
import { compileDocs } from '../support/docs';
import { TestServer, bearer } from '../support/http';

describe('docs/openapi.md', () => {
  let page: { app: Koa; document: OpenAPIObject; detailedDocument: OpenAPIObject; exportOpenApi: (argv: string[]) => Promise<number> };
  let server: TestServer;

  before(async function () {
    this.timeout(60000);
    const files = compileDocs(['openapi.md']);
    page = require(files['openapi.md']);
    server = await TestServer.start(page.app);
  });

  after(() => server?.close());

  it('locked routes as the page lists them', () => {
    const locked = Object.entries(page.document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown }>).filter(([, operation]) => operation.security).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(locked).to.deep.equal(['GET /notes/', 'POST /notes/']);
  });

  it('scopes of POST /notes/', () => {
    expect(page.document.paths['/notes/'].post['x-required-scopes']).to.deep.equal(['notes:write']);
  });

  it('serves the document and the page', async () => {
    expect((await server.get('/openapi.json')).body).to.deep.equal(page.document);
    expect((await server.get('/docs')).status).to.equal(200);
  });

  it('login, then a locked route', async () => {
    const login = await server.request('/login?username=test&password=test', { method: 'POST' });
    const response = await server.get('/notes/', bearer(login.body.access_token));
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal([{ owner: 'test', text: 'Buy milk' }]);
  });

  it('locked route without a token', async () => {
    const response = await server.get('/notes/');
    expect(response.status).to.equal(401);
    expect(response.body.message).to.equal('Missing JWT in request');
  });

  it('options block keeps the generated scheme', () => {
    expect(Object.keys(page.detailedDocument.components?.securitySchemes ?? {})).to.deep.equal(['partnerKey', 'bearerAuth']);
    expect(page.detailedDocument.servers).to.deep.equal([{ url: 'http://127.0.0.1:8000' }]);
  });

  it('export function rejects a bad option', async () => {
    const write = process.stderr.write;
    let written = '';
    process.stderr.write = ((text: string) => {
      written += text;
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await page.exportOpenApi(['--nope'])).to.equal(2);
    } finally {
      process.stderr.write = write;
    }
    expect(written).to.contain('Unknown option --nope.');
  });
});
