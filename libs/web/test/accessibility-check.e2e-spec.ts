import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser, openVisitor } from '@sargs/testing';

// The check every page test relies on must itself see what it is for: a page with faults gets
// them named, with JavaScript on and off, and a clean page gets none.
const PAGES: Record<string, string> = {
  '/faulty': '<!doctype html><html><head><title>Faulty</title></head><body><main><h1>Faulty</h1><img src="/none.png"><input type="text" name="q"></main></body></html>',
  '/clean': '<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Clean</h1><label for="q">Search</label><input id="q" type="text" name="q"></main></body></html>',
};

describe('the accessibility check (axe-core, WCAG 2.2 AA) in a real browser', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const page = PAGES[request.url ?? ''];
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([true, false])('names a missing alt text, a missing label and a missing language (JavaScript on: %s), and nothing on a clean page', async (javaScript) => {
    const visitor = await openVisitor(browser, origin, { javaScript });
    try {
      await visitor.page.goto('/faulty');
      const faults = await visitor.accessibilityViolations();
      expect(faults.map((fault) => fault.split(' ')[0]).sort()).toEqual(['html-has-lang', 'image-alt', 'label']);
      // A second check of the same document (axe already in it) sees the same.
      expect(await visitor.accessibilityViolations()).toEqual(faults);
      await visitor.page.goto('/clean');
      expect(await visitor.accessibilityViolations()).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
