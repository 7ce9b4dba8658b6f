import { principalMatches } from './policy-principal';

describe(principalMatches.name, () => {
  const caller = { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/AKID1' };
  it.each([
    ['*', undefined, true],
    [{ AWS: '*' }, undefined, true],
    [{ AWS: ['arn:aws:iam::123456789012:root'] }, caller, true],
    [{ AWS: '123456789012' }, caller, true],
    [{ AWS: 'arn:aws:iam::123456789012:user/AKID1' }, caller, true],
    [{ AWS: 'arn:aws:iam::999999999999:root' }, caller, false],
    [{ AWS: '123456789012' }, undefined, false],
    [{ Service: 'lambda.amazonaws.com' }, caller, false],
    [null, caller, false],
  ])('principal %j for %j: %s', (principal, who, expected) => {
    expect(principalMatches(principal, who)).toBe(expected);
  });
});
