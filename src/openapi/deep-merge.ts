type PlainObject = Record<string, unknown>;

/**
 * Returns a new object with the keys of `base` and `extra`. Plain objects present in both are
 * merged key by key. Any other value from `extra`, arrays included, replaces the one in `base`.
 * Neither argument is modified.
 */
export function deepMerge<T extends object>(base: T, extra: object | undefined): T {
  if (!extra) return clone(base);

  const result: PlainObject = clone(base) as PlainObject;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const current = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
    const merged = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : clone(value);
    // defineProperty keeps a `__proto__` key of parsed JSON an own property instead of a prototype change.
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return result as T;
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, clone(child)])) as T;
  }
  return value;
}

function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
