import { expect } from 'chai';
import { deepMerge } from '../../src/openapi/deep-merge';

describe('deepMerge', () => {
  it('merges nested objects', () => {
    expect(deepMerge({ a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } })).to.deep.equal({ a: { b: 1, c: 3, d: 4 } });
  });

  it('replaces arrays', () => {
    expect(deepMerge({ tags: ['a', 'b'] }, { tags: ['c'] })).to.deep.equal({ tags: ['c'] });
  });

  it('skips undefined values', () => {
    expect(deepMerge({ a: 1 }, { a: undefined })).to.deep.equal({ a: 1 });
  });

  it('leaves its arguments alone', () => {
    const base = { a: { b: [1] } };
    const extra = { a: { c: 2 } };
    const merged = deepMerge(base, extra);
    merged.a.b.push(2);
    expect(base).to.deep.equal({ a: { b: [1] } });
    expect(extra).to.deep.equal({ a: { c: 2 } });
  });

  it('__proto__ key stays an own property', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).to.equal(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(merged, '__proto__')).to.equal(true);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
