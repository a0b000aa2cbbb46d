import type { InfoObject, OpenAPIObject, OperationObject, PathItemObject, SecuritySchemeObject, ServerObject } from 'openapi3-ts';
import { MetadataArgsStorage, getMetadataArgsStorage } from 'routing-controllers';
import { getFullPath, parseRoutes, routingControllersToSpec } from 'routing-controllers-openapi';
import type { AuthXConfig } from '../core/config';
import { classValidatorSchemas, referencedSchemas } from './component-schemas';
import { deepMerge } from './deep-merge';
import { ERROR_SCHEMA, ERROR_SCHEMA_NAME } from './error-responses';
import { secureOperation } from './operation-security';
import { findRouteGuard } from './route-guards';
import { SecuritySchemes } from './security-schemes';

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  /** Controller classes to document: the list given to `useKoaServer`. Other controllers are left out. */
  controllers: Function[];
  /** Fields of `info`, such as `title` and `version`. Default title `API`, version `1.0.0`. */
  info?: Partial<InfoObject>;
  /** `servers` of the document. Default: none, so Swagger UI calls the origin it was loaded from. */
  servers?: ServerObject[];
  /**
   * Fields deep-merged into the document. The security schemes and the error schema that
   * koa-authx declares win over entries with the same key.
   */
  additionalProperties?: Partial<OpenAPIObject>;
  /** routing-controllers' `routePrefix`, the one given to `useKoaServer`. */
  routePrefix?: string;
}

/** Anything that carries a koa-authx config, usually the {@link AuthX} instance. */
export interface HasAuthXConfig {
  readonly config: AuthXConfig;
}

const DEFAULT_INFO: InfoObject = { title: 'API', version: '1.0.0' };

/**
 * Builds the OpenAPI 3.0 document of routing-controllers controllers, with the security
 * schemes of the config's token locations, `security` on every action that `@Authorized()`
 * guards on its method or its class, and the 401/403 responses those actions send. Request and
 * response schemas come from class-validator decorators.
 *
 * @throws TypeError when `controllers` is empty or lists a class that is not a controller.
 *
 * @example
 * ```ts
 * const document = buildOpenApiDocument(auth, {
 *   controllers: [LoginController, UserController],
 *   info: { title: 'Users API', version: '2.1.0' },
 * });
 * serveOpenApi(app, document);
 * ```
 */
export function buildOpenApiDocument(auth: HasAuthXConfig, options: OpenApiDocumentOptions): OpenAPIObject {
  const storage = storageFor(options.controllers);
  const routingOptions = { routePrefix: options.routePrefix };
  const userSchemas = options.additionalProperties?.components?.schemas ?? {};
  const availableSchemas = { ...classValidatorSchemas(), ...userSchemas };

  const generated = routingControllersToSpec(storage, routingOptions, { components: { schemas: availableSchemas } });
  const document = deepMerge(generated, options.additionalProperties);
  document.info = deepMerge(deepMerge(DEFAULT_INFO, options.additionalProperties?.info), options.info);
  if (options.servers) document.servers = options.servers;

  const securitySchemes = secureOperations(document, storage, parseRoutes(storage, routingOptions), auth.config);

  const components = document.components ?? {};
  components.securitySchemes = { ...components.securitySchemes, ...securitySchemes };
  const otherComponents = { ...components };
  delete otherComponents.schemas;
  components.schemas = {
    ...referencedSchemas([document.paths, otherComponents, userSchemas], { ...availableSchemas, [ERROR_SCHEMA_NAME]: ERROR_SCHEMA }),
    ...userSchemas,
    [ERROR_SCHEMA_NAME]: ERROR_SCHEMA,
  };
  document.components = components;

  // A JSON round trip drops the `undefined` fields the generator leaves behind and detaches
  // the document from the schema objects shared with the caller.
  const { openapi, info, servers, paths, ...rest } = document;
  return JSON.parse(JSON.stringify({ openapi, info, servers, paths, ...rest })) as OpenAPIObject;
}

type Route = ReturnType<typeof parseRoutes>[number];

/** Secures the guarded operations and returns the security schemes they use. */
function secureOperations(document: OpenAPIObject, storage: MetadataArgsStorage, routes: Route[], config: AuthXConfig): Record<string, SecuritySchemeObject> {
  const schemes = new SecuritySchemes(config);
  const declared: Record<string, SecuritySchemeObject> = {};
  for (const { name, scheme } of schemes.forLocations(schemes.configuredLocations, 'access')) declared[name] = scheme;
  const authScheme = config.JWT_HEADER_TYPE || 'Bearer';

  for (const route of routes) {
    const operation = findOperation(document, getFullPath(route), route.action.type);
    if (!operation) continue;

    describeParameters(operation);
    const guard = findRouteGuard(storage, route.action.target, route.action.method);
    if (!guard) {
      // An empty list opts a public operation out of a document-wide `security`.
      if (document.security?.length) operation.security = [];
      continue;
    }

    const locations = guard.requirement.locations ?? schemes.configuredLocations;
    const type = guard.requirement.type ?? 'access';
    const routeSchemes = schemes.forLocations(locations, type);
    for (const { name, scheme } of routeSchemes) declared[name] = scheme;

    const bodyNote = schemes.bodyNote(locations, type);
    secureOperation(operation, guard, {
      schemeNames: routeSchemes.map(({ name }) => name),
      authScheme,
      notes: bodyNote ? [bodyNote] : [],
    });
  }
  return declared;
}

/**
 * Copies a parameter's schema description up to the parameter, where Swagger UI shows it.
 * routing-controllers-openapi leaves it in the schema for the parameters of `@QueryParams()`.
 */
function describeParameters(operation: OperationObject): void {
  for (const parameter of operation.parameters ?? []) {
    if ('$ref' in parameter || parameter.description) continue;
    const schema = parameter.schema;
    if (schema && !('$ref' in schema) && schema.description) parameter.description = schema.description;
  }
}

function findOperation(document: OpenAPIObject, path: string, method: string): OperationObject | undefined {
  const item = document.paths[path] as PathItemObject | undefined;
  const operation = item?.[method as keyof PathItemObject];
  return operation && typeof operation === 'object' && 'responses' in operation ? (operation as OperationObject) : undefined;
}

/**
 * Returns a view of routing-controllers' metadata with only the given controllers and their
 * actions. The metadata is global to the process, so it also contains every other
 * controller that was ever imported, such as those of other apps or of tests.
 */
function storageFor(controllers: Function[]): MetadataArgsStorage {
  const global = getMetadataArgsStorage();
  checkControllers(controllers, global);

  const view = Object.assign(new MetadataArgsStorage(), global);
  view.controllers = global.controllers.filter((controller) => controllers.includes(controller.target));
  view.actions = global.actions.filter((action) => controllers.includes(action.target));
  return view;
}

function checkControllers(controllers: unknown, storage: MetadataArgsStorage): asserts controllers is Function[] {
  if (!Array.isArray(controllers) || controllers.length === 0) {
    throw new TypeError('buildOpenApiDocument needs `controllers`: the controller classes given to useKoaServer');
  }
  for (const controller of controllers) {
    if (typeof controller !== 'function') {
      throw new TypeError(`buildOpenApiDocument takes controller classes, got ${typeof controller}. Glob strings are not supported, so import the classes and pass them.`);
    }
    if (!storage.controllers.some((registered) => registered.target === controller)) {
      throw new TypeError(`${controller.name || 'an anonymous class'} is not a routing-controllers controller: decorate it with @JsonController() or @Controller()`);
    }
  }
}
