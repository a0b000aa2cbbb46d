/**
 * Destination of koa-authx's start-up warnings and of the errors it hides behind a 500. It never
 * passes a token, a secret or a cookie value. Replace it to route these into the app's logger.
 */
export interface AuthXLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Writes to the console with a `koa-authx:` prefix. */
export const consoleLogger: AuthXLogger = {
  warn: (message) => console.warn(`koa-authx: ${message}`),
  error: (message, error) => console.error(`koa-authx: ${message}`, error ?? ''),
};
