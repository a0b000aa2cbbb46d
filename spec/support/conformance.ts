import 'reflect-metadata';
import { expect } from 'chai';
import { Authorized, CurrentUser, Delete, Get, JsonController, Patch, Post, Put } from 'routing-controllers';
import { AuthX, AuthXLogger, FreshTokenRequired, RefreshTokenRequired, TokenPayload } from '../../src';
import { controllerApp } from './apps';
import { Response, TestServer } from './http';

/** Fields of the verified token that the conformance routes return: never the token itself. */
function describeUser(user: TokenPayload) {
  return { sub: user.sub, type: user.type };
}

/** Routes every conformance table calls: one per guard kind and one per unsafe method. */
@JsonController('/security')
export class ConformanceController {
  @Authorized()
  @Get('/resource')
  read(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @Authorized()
  @Post('/resource')
  create(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @Authorized()
  @Put('/resource')
  replace(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @Authorized()
  @Patch('/resource')
  update(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @Authorized()
  @Delete('/resource')
  remove(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @RefreshTokenRequired()
  @Post('/refresh')
  refresh(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @FreshTokenRequired()
  @Post('/fresh')
  fresh(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }

  @Authorized('admin')
  @Get('/admin')
  admin(@CurrentUser({ required: true }) user: TokenPayload) {
    return describeUser(user);
  }
}

/** Scope the `/security/admin` route requires, as its `WWW-Authenticate` challenge names it. */
export const ADMIN_CHALLENGE = 'Bearer error="insufficient_scope", scope="admin"';

/**
 * Every `WWW-Authenticate` value a conformance response may carry. Each is fixed text built
 * from the config and the route, so none can contain anything the client sent.
 */
export const ALLOWED_CHALLENGES: readonly (string | undefined)[] = [
  undefined,
  'Bearer',
  'Bearer error="invalid_token"',
  'Bearer error="invalid_request"',
  ADMIN_CHALLENGE,
];

/** One crafted request of a conformance row. */
export interface RowRequest {
  /** Default GET. */
  method?: string;
  /** Default `/security/resource`. */
  path?: string;
  /** An array value is sent as several header lines. */
  headers?: Record<string, string | string[]>;
  /** Cookie pairs, joined into one `Cookie` header in this order. A name may repeat. */
  cookies?: [string, string][];
  /** Query string without the `?`, sent as written. */
  query?: string;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

/** One rule check: a crafted request and the response it must get. */
export interface ConformanceRow {
  name: string;
  /** Builds the request when the row runs, so time claims are fresh. */
  request: (auth: AuthX<any>) => RowRequest | Promise<RowRequest>;
  status: number;
  /** `error_type` of the JSON body, or undefined for a 200. */
  errorType?: string;
  /** Exact `WWW-Authenticate` value, or undefined when the response must carry none. */
  wwwAuthenticate?: string;
  /** For a 200: the `sub` the route must have received. */
  sub?: string;
  /** Marks a row the library does not meet yet. A `TODO:` comment above the row names what fails. */
  skip?: true;
}

/** A check that runs once every row of a table was sent. */
export interface TableCheck {
  name: string;
  run(): void | Promise<void>;
}

/** The rows of one security rule, sent to one service. */
export interface ConformanceTable {
  title: string;
  /** Builds the service under test with the logger to pass to `AuthX`. */
  service(logger: AuthXLogger): AuthX<any>;
  rows: ConformanceRow[];
  before?(): Promise<void>;
  after?(): Promise<void>;
  checks?: TableCheck[];
}

/** A response together with the request values an attacker controls. */
export interface SentRow {
  response: Response;
  /** Pieces of the credentials sent (tokens, cookie and CSRF values), at least 10 characters each. */
  fragments: string[];
}

/** Sends the row's request to `server` and returns the response with the credential pieces sent. */
export async function sendRow(server: TestServer, auth: AuthX<any>, row: ConformanceRow): Promise<SentRow> {
  const request = await row.request(auth);
  const headers: Record<string, string | string[]> = { ...request.headers };
  if (request.cookies) headers.cookie = request.cookies.map(([name, value]) => `${name}=${value}`).join('; ');
  const path = `${request.path ?? '/security/resource'}${request.query === undefined ? '' : `?${request.query}`}`;

  const response = await server.request(path, { method: request.method ?? 'GET', headers, body: request.body });
  return { response, fragments: credentialFragments(request) };
}

/**
 * Splits every credential of a request into pieces of at least 10 characters: the
 * `Authorization` and CSRF header values, cookie values, query values and the body. Shorter
 * pieces, such as the scheme name, can appear in a response by chance.
 */
export function credentialFragments(request: RowRequest): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (/^(authorization|x-csrf-token)$/i.test(name)) values.push(...([] as string[]).concat(value));
  }
  for (const [, value] of request.cookies ?? []) values.push(value);
  for (const pair of (request.query ?? '').split('&')) values.push(safeDecode(pair.slice(pair.indexOf('=') + 1)));
  if (typeof request.body === 'string') values.push(...bodyValues(request.body, request.headers ?? {}));
  else if (request.body !== undefined) values.push(...Object.values(request.body as object).filter((value): value is string => typeof value === 'string'));

  return values.flatMap((value) => value.split(/[\s.,;=]+/)).filter((piece) => piece.length >= 10);
}

/** Returns the values of a form body, whose field names are config names that messages may quote, or the whole of any other body. */
function bodyValues(body: string, headers: Record<string, string | string[]>): string[] {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (type === 'application/x-www-form-urlencoded') return [...new URLSearchParams(body).values()];
  return [body];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Asserts the three checks every row gets, whatever it expects: no 5xx, no credential echoed in
 * the body or any header, and a `WWW-Authenticate` value from the fixed list.
 */
export function assertSafeResponse({ response, fragments }: SentRow): void {
  expect(response.status, `5xx: ${response.text}`).to.be.below(500);

  const challenge = response.headers['www-authenticate'];
  expect(ALLOWED_CHALLENGES, 'WWW-Authenticate is fixed text').to.include(challenge);

  const headerText = Object.entries(response.headers).map(([name, value]) => `${name}: ${String(value)}`).join('\n');
  for (const fragment of fragments) {
    expect(response.text, 'body echoes a credential').not.to.include(fragment);
    expect(headerText, 'headers echo a credential').not.to.include(fragment);
  }
}

/** Asserts the row's own expectation: status, `error_type`, `WWW-Authenticate` and, for a 200, `sub`. */
export function assertRowExpectation(row: ConformanceRow, { response }: SentRow): void {
  expect(response.status, response.text).to.equal(row.status);
  expect(response.body?.error_type, 'error_type').to.equal(row.errorType);
  expect(response.headers['www-authenticate'], 'WWW-Authenticate').to.equal(row.wwwAuthenticate);
  if (response.status === 401 || response.status === 403) {
    expect(response.headers['cache-control'], 'Cache-Control').to.equal('no-store');
  }
  if (row.sub !== undefined) expect(response.body?.sub, 'sub seen by the route').to.equal(row.sub);
}

/** A logger for specs that do not look at the logs. */
export const SILENT_LOGGER: AuthXLogger = { warn: () => undefined, error: () => undefined };

/** Registers a mocha `describe` that sends each row of `table` to its own server and checks the response. */
export function describeTable(table: ConformanceTable): void {
  describe(table.title, () => {
    let auth: AuthX<any>;
    let server: TestServer;

    before(async () => {
      await table.before?.();
      auth = table.service(SILENT_LOGGER);
      server = await TestServer.start(controllerApp(auth, [ConformanceController]));
    });

    after(async () => {
      await server?.close();
      await table.after?.();
    });

    for (const row of table.rows) {
      (row.skip ? it.skip : it)(row.name, async () => {
        const sent = await sendRow(server, auth, row);
        assertSafeResponse(sent);
        assertRowExpectation(row, sent);
      });
    }

    for (const check of table.checks ?? []) {
      it(check.name, () => check.run());
    }
  });
}
