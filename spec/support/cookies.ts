import type { IncomingHttpHeaders } from 'node:http';

/** A Set-Cookie line split into its value and attributes (attribute names lower-cased). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookies(headers: IncomingHttpHeaders): Record<string, SetCookie> {
  const cookies: Record<string, SetCookie> = {};
  for (const line of headers['set-cookie'] ?? []) {
    const [pair, ...rest] = line.split('; ');
    const index = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const [key, ...value] = attribute.split('=');
      attributes[key.toLowerCase()] = value.length > 0 ? value.join('=') : true;
    }
    cookies[pair.slice(0, index)] = { name: pair.slice(0, index), value: pair.slice(index + 1), attributes };
  }
  return cookies;
}

/** A Cookie request header from name/value pairs. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
}
