import { evaluatePolicy } from './iam-policy.evaluator';
import { evaluateCondition, principalMatches } from './policy-condition';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets';
const ALL = 'arn:aws:execute-api:us-east-1:123456789012:abc123/*';

describe(evaluateCondition.name, () => {
  it.each([
    ['an address inside an IPv4 CIDR', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.2.77', true],
    ['an address outside it', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.3.1', false],
    ['any of a list', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } }, '192.0.2.1', true],
    ['a single address without prefix', { IpAddress: { 'aws:SourceIp': '203.0.113.9' } }, '203.0.113.9', true],
    ['NotIpAddress for an address outside', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '198.51.100.1', true],
    ['NotIpAddress for an address inside', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.2.1', false],
    ['an IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, '2001:db8::1', true],
    ['an IPv4-mapped IPv6 caller', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, '::ffff:127.0.0.1', true],
    ['a key in another case', { IpAddress: { 'AWS:SourceIP': '127.0.0.1/32' } }, '127.0.0.1', true],
    ['two operators that must both hold', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } }, '10.1.2.3', false],
    ['an empty block', {}, '10.0.0.1', true],
  ])('evaluates %s', (_what, condition, ip, expected) => {
    expect(evaluateCondition(condition, { sourceIp: ip })).toBe(expected);
  });

  it.each([
    ['an unsupported operator', { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }],
    ['an unsupported key', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }],
    ['a malformed CIDR', { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }],
    ['a value that is no address', { IpAddress: { 'aws:SourceIp': 'example.com' } }],
    ['a non-string value', { IpAddress: { 'aws:SourceIp': [42] } }],
    ['an empty list', { IpAddress: { 'aws:SourceIp': [] } }],
    ['a condition that is no object', 'IpAddress'],
    ['a block that is no object', { IpAddress: ['10.0.0.0/8'] }],
  ])('cannot evaluate %s', (_what, condition) => {
    expect(evaluateCondition(condition, { sourceIp: '10.0.0.1' })).toBeUndefined();
  });

  it('cannot evaluate an IP condition without a source address, unless it is an …IfExists form', () => {
    expect(evaluateCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {})).toBeUndefined();
    expect(evaluateCondition({ IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, {})).toBe(true);
  });
});

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

describe('evaluatePolicy with request facts (resource policies)', () => {
  const denyList = {
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ALL },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ALL, Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } } },
    ],
  };
  const allowList = {
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ALL, Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } }],
  };

  it('denies a listed address explicitly and allows others (deny list)', () => {
    expect(evaluatePolicy(denyList, ARN, { sourceIp: '192.0.2.9' })).toBe('Deny');
    expect(evaluatePolicy(denyList, ARN, { sourceIp: '127.0.0.1' })).toBe('Allow');
  });

  it('allows a listed address and denies others implicitly (allow list)', () => {
    expect(evaluatePolicy(allowList, ARN, { sourceIp: '127.0.0.1' })).toBe('Allow');
    expect(evaluatePolicy(allowList, ARN, { sourceIp: '10.0.0.1' })).toBe('ImplicitDeny');
  });

  it('errs towards refusing on conditions it cannot evaluate', () => {
    const vpc = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ALL, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } };
    expect(evaluatePolicy({ Statement: [denyList.Statement[0], vpc] }, ARN, { sourceIp: '127.0.0.1' })).toBe('Deny');
    expect(evaluatePolicy({ Statement: [{ ...vpc, Effect: 'Allow' }] }, ARN, { sourceIp: '127.0.0.1' })).toBe('ImplicitDeny');
  });

  it('applies statements for named principals only to that authenticated caller', () => {
    const named = { Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'execute-api:Invoke', Resource: ALL }] };
    expect(evaluatePolicy(named, ARN, { sourceIp: '127.0.0.1' })).toBe('ImplicitDeny');
    expect(evaluatePolicy(named, ARN, { sourceIp: '127.0.0.1', caller: { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/k' } })).toBe('Allow');
  });
});
