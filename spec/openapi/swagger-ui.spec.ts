import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type Koa from 'koa';
import { Browser, Locator, Page, chromium } from 'playwright-core';
import { TestServer } from '../support/http';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

// Drives Swagger UI the way a developer does: log in through the page, paste the token in
// Authorize, then call a protected route. The steps share one page and run in order.
describe('Swagger UI of examples/basic', function () {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  const foreignRequests: string[] = [];

  before(async function () {
    this.timeout(60000);
    if (!existsSync(CHROMIUM)) {
      const message = `${CHROMIUM} not found: install it with apt-get install chromium`;
      if (process.env.CI === 'true') throw new Error(message);
      console.log(`  skipping the Swagger UI spec: ${message}`);
      this.skip();
    }

    process.env.JWT_SECRET_KEY ??= 'swagger-ui-spec-secret-0123456789abcdef';
    const { createApp } = require('../../examples/basic/app') as { createApp: () => Koa };
    server = await TestServer.start(createApp());

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    // The page must work offline: anything aimed at another origin is recorded and never sent.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.url}/`)) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });

    await page.goto(`${server.url}/docs`);
    await page.locator('.opblock').first().waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    const name = this.currentTest.title.replace(/[^\w-]+/g, '-');
    await page.screenshot({ path: path.join(ARTIFACTS, `swagger-ui-${name}.png`), fullPage: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function operation(method: string, route: string): Locator {
    return page.locator(`.opblock-${method}`, { has: page.locator(`.opblock-summary-path[data-path="${route}"]`) });
  }

  /** Expands the operation and switches it to Try it out, waiting for each step to render. */
  async function openTryItOut(block: Locator): Promise<void> {
    if (!(await block.evaluate((element) => element.classList.contains('is-open')))) {
      await block.locator('.opblock-summary-control').click();
    }

    const toggle = block.locator('.try-out__btn');
    await toggle.waitFor();
    if ((await toggle.innerText()).trim() === 'Try it out') await toggle.click();
    await block.locator('.try-out__btn', { hasText: 'Cancel' }).waitFor();
  }

  /** Clicks Execute and waits until the page shows the response; returns the request sent. */
  async function execute(block: Locator, route: string) {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => new URL(candidate.url()).pathname === route),
      block.locator('button.execute').click(),
    ]);
    await block.locator('.live-responses-table tr.response .response-col_status', { hasText: String(response.status()) }).waitFor();
    return response.request();
  }

  async function shownStatus(block: Locator): Promise<string> {
    return (await block.locator('.live-responses-table tr.response .response-col_status').first().innerText()).trim();
  }

  async function shownBody(block: Locator): Promise<string> {
    return block.locator('.live-responses-table tr.response .response-col_description pre').first().innerText();
  }

  it('lock icon on GET /protected', async () => {
    expect(await operation('get', '/protected').locator('.opblock-summary .authorization__btn').count()).to.equal(1);
  });

  it('lock icon on GET /me', async () => {
    expect(await operation('get', '/me').locator('.opblock-summary .authorization__btn').count()).to.equal(1);
  });

  it('no lock icon on POST /login', async () => {
    expect(await operation('post', '/login').count()).to.equal(1);
    expect(await operation('post', '/login').locator('.authorization__btn').count()).to.equal(0);
  });

  it('protected without Authorize shows 401', async () => {
    const block = operation('get', '/protected');
    await openTryItOut(block);
    const request = await execute(block, '/protected');

    expect(request.headers().authorization).to.equal(undefined);
    expect(await shownStatus(block)).to.equal('401');
    expect(await shownBody(block)).to.contain('Missing JWT in request');
  });

  it('login through the page returns a token', async () => {
    const block = operation('post', '/login');
    await openTryItOut(block);
    await block.locator('tr[data-param-name="username"] input').fill('test');
    await block.locator('tr[data-param-name="password"] input').fill('test');
    await execute(block, '/login');

    expect(await shownStatus(block)).to.equal('200');
    token = JSON.parse(await shownBody(block)).access_token;
    expect(token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('protected after Authorize shows Hello World', async () => {
    await page.locator('.auth-wrapper .btn.authorize').click();
    const modal = page.locator('.modal-ux');
    await modal.locator('.auth-container input').first().fill(token);
    await modal.locator('.auth-btn-wrapper .btn.authorize').click();
    await modal.locator('.btn-done').click();

    const block = operation('get', '/protected');
    expect(await block.locator('.opblock-summary .authorization__btn').getAttribute('aria-label')).to.equal('authorization button locked');
    await openTryItOut(block);
    const request = await execute(block, '/protected');

    expect(request.headers().authorization).to.equal(`Bearer ${token}`);
    expect(await shownStatus(block)).to.equal('200');
    expect(JSON.parse(await shownBody(block))).to.deep.equal({ message: 'Hello World' });
  });

  it('authorization survives a reload', async () => {
    await page.reload();
    await page.locator('.opblock').first().waitFor();
    await page.locator('.auth-wrapper .btn.authorize.locked').waitFor({ timeout: 5000 });
    expect((await page.locator('.auth-wrapper .btn.authorize').getAttribute('class'))?.split(/\s+/)).to.include('locked');

    const block = operation('get', '/me');
    await openTryItOut(block);
    await execute(block, '/me');
    expect(JSON.parse(await shownBody(block))).to.deep.equal({ user_id: 'test' });
  });

  it('page loads nothing from other hosts', () => {
    expect(foreignRequests).to.deep.equal([]);
  });
});
