import 'reflect-metadata';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Authorized, Body, CurrentUser, Get, JsonController, Param, Post } from 'routing-controllers';
import {
  AuthX,
  AuthXConfigOptions,
  FreshTokenRequired,
  OpenAPIObject,
  RefreshTokenRequired,
  TokenPayload,
  TokenRequired,
  buildOpenApiDocument,
} from '../../src';
import { SECRET } from '../support/tokens';

class CatalogItemDraft {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  stock?: number;
}

/** Has class-validator decorators but no route uses it, so the document must leave it out. */
class CatalogUnusedShape {
  @IsString()
  label!: string;
}

@JsonController('/catalog')
@Authorized()
class CatalogController {
  @Get('/items')
  list() {
    return [];
  }

  @Get('/items/:id')
  @Authorized(['catalog:read'])
  item(@Param('id') id: string) {
    return { id };
  }

  @Post('/items')
  create(@Body() draft: CatalogItemDraft) {
    return draft;
  }
}

@JsonController('/status')
class StatusController {
  @Get('/health')
  health() {
    return { ok: true };
  }

  @Get('/reports')
  @Authorized('reports:read')
  reports() {
    return [];
  }

  @Get('/whoami')
  whoami(@CurrentUser() user?: TokenPayload) {
    return { user_id: user?.sub ?? null };
  }
}

@JsonController('/tokens')
class TokenRulesController {
  @Post('/refresh')
  @RefreshTokenRequired()
  refresh() {
    return {};
  }

  @Post('/password')
  @FreshTokenRequired()
  changePassword() {
    return {};
  }

  @Get('/exports')
  @TokenRequired({ anyScopes: ['exports:read', 'exports:admin'] })
  exports() {
    return [];
  }

  @Get('/header-only')
  @TokenRequired({ locations: ['headers'] })
  headerOnly() {
    return {};
  }
}

@JsonController('/unlisted')
@Authorized()
class UnlistedController {
  @Get('/')
  hidden() {
    return {};
  }
}

/** A body class without class-validator decorators, so no schema is generated for it. */
class PlainPayload {
  text = '';
}

@JsonController('/plain')
class PlainBodyController {
  @Post('/')
  create(@Body() payload: PlainPayload) {
    return payload;
  }
}

class NotAController {}

const CONTROLLERS = [CatalogController, StatusController, TokenRulesController];

function authWith(options: AuthXConfigOptions = {}): AuthX {
  return new AuthX({ JWT_SECRET_KEY: SECRET, ...options });
}

function documentFor(options: AuthXConfigOptions = {}, extra: Partial<Parameters<typeof buildOpenApiDocument>[1]> = {}): OpenAPIObject {
  return buildOpenApiDocument(authWith(options), { controllers: CONTROLLERS, ...extra });
}

async function expectValid(document: OpenAPIObject): Promise<void> {
  const result = await new Validator().validate(document as unknown as Record<string, unknown>);
  expect(result.errors, JSON.stringify(result.errors, null, 2)).to.equal(undefined);
  expect(result.valid).to.equal(true);
}

describe('buildOpenApiDocument', () => {
  describe('validity', () => {
    it('example document', async () => {
      process.env.JWT_SECRET_KEY ??= 'openapi-document-spec-secret-0123456789abcdef';
      const { createOpenApiDocument } = require('../../examples/basic/app') as { createOpenApiDocument: () => OpenAPIObject };
      await expectValid(createOpenApiDocument());
    });

    it('headers and query', async () => {
      await expectValid(documentFor({ JWT_TOKEN_LOCATION: ['headers', 'query'] }));
    });

    it('every token location', async () => {
      await expectValid(documentFor({ JWT_TOKEN_LOCATION: ['headers', 'cookies', 'query', 'json'] }));
    });

    it('custom header without scheme', async () => {
      await expectValid(documentFor({ JWT_HEADER_NAME: 'X-Auth-Token', JWT_HEADER_TYPE: '' }));
    });
  });

  describe('example', () => {
    let document: OpenAPIObject;

    before(() => {
      process.env.JWT_SECRET_KEY ??= 'openapi-document-spec-secret-0123456789abcdef';
      const { createOpenApiDocument } = require('../../examples/basic/app') as { createOpenApiDocument: () => OpenAPIObject };
      document = createOpenApiDocument();
    });

    it('paths with security', () => {
      const secured = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item as Record<string, { security?: unknown }>).filter(([, operation]) => operation.security).map(([method]) => `${method.toUpperCase()} ${path}`));
      expect(secured).to.deep.equal(['GET /protected', 'GET /me']);
    });

    it('bearer scheme only', () => {
      expect(Object.keys(document.components?.securitySchemes ?? {})).to.deep.equal(['bearerAuth']);
    });

    it('login documents its parameters', () => {
      const parameters = document.paths['/login'].post.parameters as { name: string; in: string; description?: string }[];
      expect(parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).to.deep.equal(['query:username', 'query:password']);
      expect(parameters[0].description).to.be.a('string').and.not.equal('');
      expect(parameters[1].description).to.be.a('string').and.not.equal('');
    });

    it('login documents its 401', () => {
      expect(document.paths['/login'].post.responses['401'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/AuthXErrorBody' });
    });
  });

  describe('security schemes', () => {
    it('headers and query', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['headers', 'query'] }).components?.securitySchemes ?? {};
      expect(Object.keys(schemes)).to.deep.equal(['bearerAuth', 'queryAuth']);
      expect(schemes.bearerAuth).to.include({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(schemes.queryAuth).to.include({ type: 'apiKey', in: 'query', name: 'token' });
    });

    it('bearer description says what to paste', () => {
      const description = (documentFor().components?.securitySchemes?.bearerAuth as { description: string }).description;
      expect(description).to.contain('`access_token` that the login route returns');
      expect(description).to.contain('never the server\'s JWT_SECRET_KEY');
    });

    it('cookie scheme named after the access cookie', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['headers', 'cookies'] }).components?.securitySchemes ?? {};
      expect(schemes.cookieAuth).to.include({ type: 'apiKey', in: 'cookie', name: 'access_token_cookie' });
      expect((schemes.cookieAuth as { description: string }).description).to.contain('X-CSRF-TOKEN');
    });

    it('cookie scheme with a configured name', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['cookies'], JWT_ACCESS_COOKIE_NAME: 'session_jwt' }).components?.securitySchemes ?? {};
      expect(schemes.cookieAuth).to.include({ name: 'session_jwt' });
    });

    it('refresh cookie scheme for refresh routes', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['headers', 'cookies'] }).components?.securitySchemes ?? {};
      expect(schemes.refreshCookieAuth).to.include({ type: 'apiKey', in: 'cookie', name: 'refresh_token_cookie' });
    });

    it('query scheme with a configured name', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['query'], JWT_QUERY_STRING_NAME: 'jwt' }).components?.securitySchemes ?? {};
      expect(schemes.queryAuth).to.include({ name: 'jwt' });
    });

    it('no bearer scheme without the headers location', () => {
      const document = buildOpenApiDocument(authWith({ JWT_TOKEN_LOCATION: ['cookies'] }), { controllers: [CatalogController] });
      expect(Object.keys(document.components?.securitySchemes ?? {})).to.deep.equal(['cookieAuth']);
    });

    it('route locations add their schemes', () => {
      const schemes = documentFor({ JWT_TOKEN_LOCATION: ['cookies'] }).components?.securitySchemes ?? {};
      expect(schemes).to.have.property('bearerAuth');
    });

    it('custom header becomes an apiKey scheme', () => {
      const schemes = documentFor({ JWT_HEADER_NAME: 'X-Auth-Token', JWT_HEADER_TYPE: '' }).components?.securitySchemes ?? {};
      expect(Object.keys(schemes)).to.deep.equal(['headerAuth']);
      expect(schemes.headerAuth).to.include({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    });
  });

  describe('operations', () => {
    let document: OpenAPIObject;
    const operation = (method: string, path: string) => document.paths[path][method];

    before(() => {
      document = documentFor({ JWT_TOKEN_LOCATION: ['headers', 'query'] });
    });

    it('class-level @Authorized', () => {
      expect(operation('get', '/catalog/items').security).to.deep.equal([{ bearerAuth: [] }, { queryAuth: [] }]);
      expect(operation('post', '/catalog/items').security).to.deep.equal([{ bearerAuth: [] }, { queryAuth: [] }]);
    });

    it('class and method roles add up', () => {
      expect(operation('get', '/catalog/items/{id}').security).to.deep.equal([{ bearerAuth: [] }, { queryAuth: [] }]);
      expect(operation('get', '/catalog/items/{id}')['x-required-scopes']).to.deep.equal(['catalog:read']);
    });

    it('method-level @Authorized on a public controller', () => {
      expect(operation('get', '/status/reports').security).to.deep.equal([{ bearerAuth: [] }, { queryAuth: [] }]);
      expect(operation('get', '/status/reports')['x-required-scopes']).to.deep.equal(['reports:read']);
    });

    it('public operation', () => {
      expect(operation('get', '/status/health')).to.not.have.property('security');
      expect(operation('get', '/status/health').responses).to.not.have.property('401');
      expect(operation('get', '/status/health')).to.not.have.property('x-token-type');
    });

    it('optional @CurrentUser', () => {
      expect(operation('get', '/status/whoami').security).to.deep.equal([{}, { bearerAuth: [] }, { queryAuth: [] }]);
    });

    it('401 on guarded operations', () => {
      for (const [method, path] of [['get', '/catalog/items'], ['get', '/catalog/items/{id}'], ['get', '/status/reports'], ['post', '/tokens/refresh']]) {
        expect(operation(method, path).responses['401'].content['application/json'].schema, `${method} ${path}`).to.deep.equal({ $ref: '#/components/schemas/AuthXErrorBody' });
      }
    });

    it('401 names WWW-Authenticate', () => {
      expect(operation('get', '/catalog/items').responses['401'].headers).to.have.property('WWW-Authenticate');
    });

    it('403 only where scopes are required', () => {
      expect(operation('get', '/catalog/items/{id}').responses['403'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/AuthXErrorBody' });
      expect(operation('get', '/status/reports').responses).to.have.property('403');
      expect(operation('get', '/tokens/exports').responses).to.have.property('403');
      expect(operation('get', '/catalog/items').responses).to.not.have.property('403');
      expect(operation('post', '/tokens/refresh').responses).to.not.have.property('403');
    });

    it('scopes in the description', () => {
      expect(operation('get', '/catalog/items/{id}').description).to.contain('`catalog:read`');
    });

    it('any-of scopes', () => {
      expect(operation('get', '/tokens/exports')['x-required-any-scopes']).to.deep.equal([['exports:read', 'exports:admin']]);
      expect(operation('get', '/tokens/exports')).to.not.have.property('x-required-scopes');
      expect(operation('get', '/tokens/exports').description).to.contain('at least one of');
    });

    it('no scopes extension without scopes', () => {
      expect(operation('get', '/catalog/items')).to.not.have.property('x-required-scopes');
    });

    it('access token type', () => {
      expect(operation('get', '/catalog/items')['x-token-type']).to.equal('access');
      expect(operation('get', '/catalog/items')['x-fresh-token-required']).to.equal(false);
    });

    it('refresh token type', () => {
      expect(operation('post', '/tokens/refresh')['x-token-type']).to.equal('refresh');
      expect(operation('post', '/tokens/refresh').description).to.contain('refresh token');
    });

    it('fresh token required', () => {
      expect(operation('post', '/tokens/password')['x-token-type']).to.equal('access');
      expect(operation('post', '/tokens/password')['x-fresh-token-required']).to.equal(true);
      expect(operation('post', '/tokens/password').description).to.contain('fresh access token');
    });

    it('route locations narrow the schemes', () => {
      expect(operation('get', '/tokens/header-only').security).to.deep.equal([{ bearerAuth: [] }]);
    });
  });

  describe('cookie and body locations', () => {
    let document: OpenAPIObject;

    before(() => {
      document = documentFor({ JWT_TOKEN_LOCATION: ['headers', 'cookies', 'query', 'json'] });
    });

    it('access route lists every scheme', () => {
      expect(document.paths['/catalog/items'].get.security).to.deep.equal([{ bearerAuth: [] }, { cookieAuth: [] }, { queryAuth: [] }]);
    });

    it('refresh route takes the refresh cookie', () => {
      expect(document.paths['/tokens/refresh'].post.security).to.deep.equal([{ bearerAuth: [] }, { refreshCookieAuth: [] }, { queryAuth: [] }]);
    });

    it('JSON body field in the description', () => {
      expect(document.paths['/catalog/items'].get.description).to.contain('`access_token` field');
      expect(document.paths['/tokens/refresh'].post.description).to.contain('`refresh_token` field');
    });
  });

  describe('schemas', () => {
    let document: OpenAPIObject;

    before(() => {
      document = documentFor();
    });

    it('request body from class-validator', () => {
      expect(document.paths['/catalog/items'].post.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/CatalogItemDraft' });
      const schema = document.components?.schemas?.CatalogItemDraft as { properties: Record<string, unknown>; required: string[] };
      expect(Object.keys(schema.properties)).to.deep.equal(['name', 'stock']);
      expect(schema.required).to.deep.equal(['name']);
    });

    it('error schema', () => {
      const schema = document.components?.schemas?.AuthXErrorBody as { required: string[]; properties: Record<string, unknown> };
      expect(schema.required).to.deep.equal(['message', 'error_type']);
      expect(Object.keys(schema.properties)).to.deep.equal(['message', 'error_type']);
    });

    it('class without decorators', async () => {
      const plain = buildOpenApiDocument(authWith(), { controllers: [PlainBodyController] });
      expect(plain.components?.schemas?.PlainPayload).to.include({ type: 'object' });
      await expectValid(plain);
    });

    it('unreferenced classes left out', () => {
      expect(document.components?.schemas).to.not.have.property('CatalogUnusedShape');
      expect(new CatalogUnusedShape()).to.be.an('object');
    });
  });

  describe('controllers', () => {
    it('only the given controllers', () => {
      const document = documentFor();
      expect(Object.keys(document.paths).some((path) => path.startsWith('/unlisted'))).to.equal(false);
      expect(UnlistedController.name).to.equal('UnlistedController');
    });

    it('subset of controllers', () => {
      const document = buildOpenApiDocument(authWith(), { controllers: [StatusController] });
      expect(Object.keys(document.paths)).to.deep.equal(['/status/health', '/status/reports', '/status/whoami']);
    });

    it('empty list', () => {
      expect(() => buildOpenApiDocument(authWith(), { controllers: [] })).to.throw(TypeError, 'needs `controllers`');
    });

    it('class that is not a controller', () => {
      expect(() => buildOpenApiDocument(authWith(), { controllers: [NotAController] })).to.throw(TypeError, 'NotAController is not a routing-controllers controller');
    });

    it('routePrefix', () => {
      const document = documentFor({}, { routePrefix: '/api' });
      expect(document.paths).to.have.property('/api/catalog/items');
      expect(document.paths['/api/catalog/items'].get.security).to.deep.equal([{ bearerAuth: [] }]);
    });
  });

  describe('options', () => {
    it('default info', () => {
      expect(documentFor().info).to.deep.equal({ title: 'API', version: '1.0.0' });
    });

    it('info and servers', () => {
      const document = documentFor({}, { info: { title: 'Catalog', version: '3.1.4' }, servers: [{ url: 'http://127.0.0.1:8000' }] });
      expect(document.info).to.deep.equal({ title: 'Catalog', version: '3.1.4' });
      expect(document.servers).to.deep.equal([{ url: 'http://127.0.0.1:8000' }]);
    });

    it('additionalProperties are deep-merged', () => {
      const document = documentFor({}, {
        info: { title: 'Catalog' },
        additionalProperties: {
          info: { title: 'ignored', version: '2.0.0', description: 'Catalog service' },
          tags: [{ name: 'Catalog', description: 'Items for sale' }],
          components: {
            securitySchemes: { partnerKey: { type: 'apiKey', in: 'header', name: 'X-Partner-Key' } },
            schemas: { Money: { type: 'object', properties: { cents: { type: 'integer' } } } },
          },
        },
      });
      expect(document.info).to.deep.equal({ title: 'Catalog', version: '2.0.0', description: 'Catalog service' });
      expect(document.tags).to.deep.equal([{ name: 'Catalog', description: 'Items for sale' }]);
      expect(Object.keys(document.components?.securitySchemes ?? {})).to.deep.equal(['partnerKey', 'bearerAuth']);
      expect(document.components?.schemas).to.have.property('Money');
      expect(document.components?.schemas).to.have.property('AuthXErrorBody');
    });

    it('generated schemes win over additionalProperties', () => {
      const document = documentFor({}, {
        additionalProperties: {
          components: {
            securitySchemes: { bearerAuth: { type: 'apiKey', in: 'query', name: 'overwritten' } },
            schemas: { AuthXErrorBody: { type: 'string' } },
          },
        },
      });
      expect(document.components?.securitySchemes?.bearerAuth).to.include({ type: 'http', scheme: 'bearer' });
      expect(document.components?.schemas?.AuthXErrorBody).to.include({ type: 'object' });
    });

    it('document-wide security leaves public operations open', () => {
      const document = documentFor({}, { additionalProperties: { security: [{ bearerAuth: [] }] } });
      expect(document.paths['/status/health'].get.security).to.deep.equal([]);
      expect(document.paths['/catalog/items'].get.security).to.deep.equal([{ bearerAuth: [] }]);
    });

    it('options are not modified', () => {
      const additionalProperties = { components: { schemas: { Money: { type: 'object' as const } } } };
      documentFor({}, { additionalProperties });
      expect(additionalProperties).to.deep.equal({ components: { schemas: { Money: { type: 'object' } } } });
    });
  });
});
