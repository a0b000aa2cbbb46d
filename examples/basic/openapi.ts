import { runOpenApiExport } from '../../src';

// The app is loaded only when the document is built, so `--help` and bad arguments print no
// start-up warnings.
runOpenApiExport(process.argv.slice(2), async () => (await import('./app')).createOpenApiDocument(), { command: 'npm run openapi --' })
  .then((status) => {
    process.exitCode = status;
  });
