import type { ReferenceObject, SchemaObject } from 'openapi3-ts';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

// class-transformer 0.5 keeps its metadata storage out of the package's exports and ships the
// type declarations apart from the CommonJS file.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** Prefix of a `$ref` that points into `components.schemas`. */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';

type Schemas = Record<string, SchemaObject | ReferenceObject>;

/**
 * Converts every class with class-validator decorators in the process into a JSON schema,
 * named after the class. `@Expose({ name })` renames of class-transformer are applied.
 */
export function classValidatorSchemas(): Schemas {
  return validationMetadatasToSchemas({
    refPointerPrefix: SCHEMA_REF_PREFIX,
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
}

/**
 * Picks from `available` the schemas that `roots` reference, directly or through other
 * schemas. class-validator's metadata is global to the process, so without this the document
 * would list the classes of every controller ever loaded. A reference to a schema that is
 * not available gets an untyped object schema, so the document stays valid.
 */
export function referencedSchemas(roots: readonly unknown[], available: Schemas): Schemas {
  const picked: Schemas = {};
  const pending = roots.flatMap((root) => schemaRefs(root));

  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (Object.prototype.hasOwnProperty.call(picked, name)) continue;

    const schema = Object.prototype.hasOwnProperty.call(available, name) ? available[name] : undefined;
    // NOTE: a class without class-validator decorators, such as a plain @Body() class, has no schema to pick.
    picked[name] = schema ?? { type: 'object', description: `${name} has no class-validator decorators, so its properties are not documented.` };
    pending.push(...schemaRefs(schema));
  }
  return sortByName(picked);
}

function schemaRefs(value: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_REF_PREFIX)) {
          names.push(child.slice(SCHEMA_REF_PREFIX.length));
        } else {
          visit(child);
        }
      }
    }
  };
  visit(value);
  return names;
}

function sortByName(schemas: Schemas): Schemas {
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}
