import { createApp } from './app';

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? '127.0.0.1';

const server = createApp().listen(port, host, () => {
  console.log(`koa-authx complete example listening on http://${host}:${port}`);
  console.log(`  curl -X POST http://${host}:${port}/auth/login -H 'Content-Type: application/json' -d '{"username":"test","password":"test"}'`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal} received, closing the server`);
    server.close(() => process.exit(0));
  });
}
