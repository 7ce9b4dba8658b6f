import { arnMatches } from './arn-pattern';
import { compilePolicy, decide, evaluatePolicy, InvalidPolicyError } from './iam-policy.evaluator';
import { buildMethodArn, methodArnPrefix } from './method-arn';

const ARN = 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/GET/pets/42';
const stmt = (Effect: string, Resource: unknown, Action: unknown = 'execute-api:Invoke') => ({ Effect, Action, Resource });
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe(evaluatePolicy.name, () => {
  it.each([
    ['the exact ARN', ARN],
    ['any stage', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/pets/42'],
    ['a trailing wildcard across path segments', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/*'],
    ['wildcards in region and account', 'arn:aws:execute-api:*:*:ymy8tbxw7b/prod/GET/pets/*'],
    ['a ? for one character', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/GET/pets/4?'],
    ['a bare *', '*'],
  ])('allows with %s', (_what, resource) => {
    expect(evaluatePolicy(policy(stmt('Allow', resource)), ARN)).toBe('Allow');
  });

  it.each([
    ['another method', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/POST/pets/42'],
    ['another API', 'arn:aws:execute-api:us-west-2:123456789012:other/prod/*'],
    ['a ? that needs one more character', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/GET/pets/42?'],
    ['a prefix without wildcard', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/GET/pets'],
    ['a wildcard that would have to cross a colon', 'arn:aws:execute-api:us-*:ymy8tbxw7b/prod/GET/pets/42'],
    ['a malformed ARN', 'not-an-arn'],
  ])('denies implicitly for %s', (_what, resource) => {
    expect(evaluatePolicy(policy(stmt('Allow', resource)), ARN)).toBe('ImplicitDeny');
  });

  it.each(['execute-api:Invoke', 'execute-api:invoke', 'execute-api:*', '*', ['s3:GetObject', 'execute-api:Invoke'], 'execute-api:Inv*'])(
    'accepts action %j',
    (action) => {
      expect(evaluatePolicy(policy(stmt('Allow', ARN, action)), ARN)).toBe('Allow');
    },
  );

  it.each(['execute-api:ManageConnections', 's3:*', ['s3:GetObject']])('ignores a statement for action %j', (action) => {
    expect(evaluatePolicy(policy(stmt('Allow', ARN, action)), ARN)).toBe('ImplicitDeny');
  });

  it('lets an explicit Deny win over an Allow, in any order', () => {
    expect(evaluatePolicy(policy(stmt('Deny', ARN), stmt('Allow', '*')), ARN)).toBe('Deny');
    expect(evaluatePolicy(policy(stmt('Allow', '*'), stmt('Deny', [ARN])), ARN)).toBe('Deny');
  });

  it('accepts Statement as a single object and Resource as an array', () => {
    expect(evaluatePolicy({ Statement: stmt('Allow', ['arn:x:y:z:a:b', ARN]) }, ARN)).toBe('Allow');
  });

  it('evaluates NotAction and NotResource', () => {
    expect(evaluatePolicy(policy({ Effect: 'Allow', NotAction: 's3:*', Resource: ARN }), ARN)).toBe('Allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', NotAction: 'execute-api:*', Resource: ARN }), ARN)).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy({ Effect: 'Deny', Action: '*', NotResource: 'arn:aws:execute-api:*:*:*/prod/GET/public' }), ARN)).toBe('Deny');
  });

  it('never grants through an Allow with a Condition, but applies a Deny with one', () => {
    expect(evaluatePolicy(policy({ ...stmt('Allow', ARN), Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4' } } }), ARN)).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy(stmt('Allow', ARN), { ...stmt('Deny', ARN), Condition: {} }), ARN)).toBe('Deny');
  });

  it('denies implicitly with an empty statement list', () => {
    expect(evaluatePolicy({ Statement: [] }, ARN)).toBe('ImplicitDeny');
  });

  it.each([
    [null, 'policyDocument must be an object'],
    ['{"Statement":[]}', 'policyDocument must be an object'],
    [{}, 'policyDocument.Statement is missing'],
    [{ Statement: ['x'] }, 'policyDocument.Statement[0] must be an object'],
    [{ Statement: [stmt('allow', ARN)] }, 'policyDocument.Statement[0].Effect must be "Allow" or "Deny"'],
    [{ Statement: [{ Effect: 'Allow', Resource: ARN }] }, 'policyDocument.Statement[0] needs exactly one of Action or NotAction'],
    [{ Statement: [{ Effect: 'Allow', Action: '*' }] }, 'policyDocument.Statement[0] needs exactly one of Resource or NotResource'],
    [{ Statement: [stmt('Allow', 42)] }, 'policyDocument.Statement[0].Resource must be a string or an array of strings'],
    [{ Statement: [stmt('Allow', [])] }, 'policyDocument.Statement[0].Resource must be a string or an array of strings'],
    [{ Statement: [stmt('Allow', ARN, [1])] }, 'policyDocument.Statement[0].Action must be a string or an array of strings'],
  ])('rejects the malformed policy %j', (doc, message) => {
    expect(() => evaluatePolicy(doc, ARN)).toThrow(new InvalidPolicyError(message));
  });
});

describe('conditions and principals with request facts', () => {
  const ALL = 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*';
  const caller = { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/k' };
  const resource = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  const st = (Effect: string, extra: object = {}) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource: ALL, ...extra });

  it('denies a listed address explicitly and allows others (deny list)', () => {
    const denyList = resource(st('Allow'), st('Deny', { Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } } }));
    expect(evaluatePolicy(denyList, ARN, { sourceIp: '192.0.2.9' }, 'resource')).toBe('Deny');
    expect(evaluatePolicy(denyList, ARN, { sourceIp: '127.0.0.1' }, 'resource')).toBe('Allow');
  });

  it('allows a listed user agent and denies others implicitly (allow list)', () => {
    const allowList = resource(st('Allow', { Condition: { StringLike: { 'aws:UserAgent': 'partner-app/*' } } }));
    expect(evaluatePolicy(allowList, ARN, { userAgent: 'partner-app/2.1' }, 'resource')).toBe('Allow');
    expect(evaluatePolicy(allowList, ARN, { userAgent: 'curl/8' }, 'resource')).toBe('ImplicitDeny');
    expect(evaluatePolicy(allowList, ARN, {}, 'resource')).toBe('ImplicitDeny');
  });

  it("applies the guide's VPC-endpoint deny to every request here (aws:SourceVpce is absent)", () => {
    const onlyVpce = resource(st('Allow'), st('Deny', { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }));
    expect(evaluatePolicy(onlyVpce, ARN, { sourceIp: '127.0.0.1' }, 'resource')).toBe('Deny');
  });

  it('errs towards refusing on a condition it cannot evaluate', () => {
    const unknown = { Condition: { StringContains: { 'aws:UserAgent': 'bot' } } };
    expect(evaluatePolicy(resource(st('Allow'), st('Deny', unknown)), ARN, {}, 'resource')).toBe('Deny');
    expect(evaluatePolicy(resource(st('Allow', unknown)), ARN, {}, 'resource')).toBe('ImplicitDeny');
  });

  it('applies statements naming principals only to that authenticated caller', () => {
    const named = resource({ ...st('Allow'), Principal: { AWS: '123456789012' } });
    expect(evaluatePolicy(named, ARN, {}, 'resource')).toBe('ImplicitDeny');
    expect(evaluatePolicy(named, ARN, { caller }, 'resource')).toBe('Allow');
  });

  it('ignores Principal in an authorizer (identity) policy', () => {
    const named = resource({ ...st('Allow'), Principal: { AWS: '999999999999' } });
    expect(evaluatePolicy(named, ARN, {})).toBe('Allow');
  });

  it('names the facts a policy needs: condition keys, and the caller for named principals', () => {
    expect(compilePolicy(resource(st('Allow')), 'resource').facts.size).toBe(0);
    const p = compilePolicy(resource(st('Allow', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), { ...st('Deny'), Principal: { AWS: ['arn:aws:iam::1:root'] } }), 'resource');
    expect([...p.facts].sort()).toEqual(['caller', 'secureTransport']);
    expect(compilePolicy(resource({ ...st('Allow'), Principal: { AWS: '1' } }), 'identity').facts.size).toBe(0);
  });

  it('evaluates a compiled policy per request', () => {
    const p = compilePolicy(resource(st('Deny', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), st('Allow')), 'resource');
    expect(decide(p, ARN, { secureTransport: false })).toBe('Deny');
    expect(decide(p, ARN, { secureTransport: true })).toBe('Allow');
  });
});

describe(arnMatches.name, () => {
  it('treats regex metacharacters in patterns literally', () => {
    expect(arnMatches('arn:aws:execute-api:us-west-2:1:a/prod/GET/a.b', 'arn:aws:execute-api:us-west-2:1:a/prod/GET/axb')).toBe(false);
  });
});

describe(buildMethodArn.name, () => {
  it('builds method ARNs as API Gateway passes them to authorizers', () => {
    const prefix = methodArnPrefix({ region: 'us-east-1', accountId: '123456789012' }, 's4x3opwd6i', 'test');
    expect(buildMethodArn(prefix, 'GET', '/request')).toBe('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request');
    expect(buildMethodArn(prefix, 'GET', '/')).toBe('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/');
  });
});
