import { expect } from 'chai';
import { missingScopes } from '../../src/core/scopes';

describe('missingScopes', () => {
  const cases: { label: string; granted: string[] | undefined; required: string[]; missing: string[] }[] = [
    { label: 'exact match', granted: ['users:read'], required: ['users:read'], missing: [] },
    { label: 'exact mismatch', granted: ['users:read'], required: ['users:write'], missing: ['users:write'] },
    { label: 'all of several', granted: ['users:read', 'users:write'], required: ['users:read', 'users:write'], missing: [] },
    { label: 'one of several missing', granted: ['users:read'], required: ['users:read', 'users:write'], missing: ['users:write'] },
    { label: 'order of the required list kept', granted: [], required: ['b', 'a'], missing: ['b', 'a'] },
    { label: 'wildcard covers one level', granted: ['users:*'], required: ['users:read'], missing: [] },
    { label: 'wildcard covers two levels', granted: ['users:*'], required: ['users:read:own'], missing: [] },
    { label: 'wildcard not the bare prefix', granted: ['users:*'], required: ['users'], missing: ['users'] },
    { label: 'wildcard not the prefix with colon', granted: ['users:*'], required: ['users:'], missing: ['users:'] },
    { label: 'wildcard not a longer name', granted: ['users:*'], required: ['usersx:read'], missing: ['usersx:read'] },
    { label: 'wildcard not another resource', granted: ['users:*'], required: ['reports:read'], missing: ['reports:read'] },
    { label: 'nested wildcard', granted: ['users:read:*'], required: ['users:read:own'], missing: [] },
    { label: 'nested wildcard not a sibling', granted: ['users:read:*'], required: ['users:write:own'], missing: ['users:write:own'] },
    { label: 'bare star is literal', granted: ['*'], required: ['users:read'], missing: ['users:read'] },
    { label: 'star without colon is literal', granted: ['users*'], required: ['users:read'], missing: ['users:read'] },
    { label: 'required wildcard matched literally', granted: ['users:*'], required: ['users:*'], missing: [] },
    { label: 'required wildcard not covered by a member', granted: ['users:read'], required: ['users:*'], missing: ['users:*'] },
    { label: 'case-sensitive scope', granted: ['users:read'], required: ['Users:read'], missing: ['Users:read'] },
    { label: 'case-sensitive wildcard', granted: ['Users:*'], required: ['users:read'], missing: ['users:read'] },
    { label: 'empty required', granted: ['users:read'], required: [], missing: [] },
    { label: 'empty required without grants', granted: undefined, required: [], missing: [] },
    { label: 'no grants', granted: undefined, required: ['users:read'], missing: ['users:read'] },
    { label: 'empty grants', granted: [], required: ['users:read'], missing: ['users:read'] },
  ];

  for (const { label, granted, required, missing } of cases) {
    it(label, () => {
      expect(missingScopes(granted, required)).to.deep.equal(missing);
    });
  }
});
