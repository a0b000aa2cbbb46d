import { createApp } from './app';

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? '127.0.0.1';

const server = createApp().listen(port, host, () => {
  console.log(`koa-authx basic example listening on http://${host}:${port}`);
  console.log(`  curl -X POST 'http://${host}:${port}/login?username=test&password=test'`);
  console.log(`  Swagger UI: http://${host}:${port}/docs, OpenAPI document: http://${host}:${port}/openapi.json`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal} received, closing the server`);
    server.close(() => process.exit(0));
  });
}
