/** Runs `action` and returns the error it throws, so a spec can check each of its fields. */
export function catchError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, but it returned normally');
}

/** Decodes one segment of a compact JWS without verifying it, to look at what was signed. */
export function readSegment(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}
