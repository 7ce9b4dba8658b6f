import { parseIntegrationUri } from './integration-uri';

describe(parseIntegrationUri.name, () => {
  const fnArn = 'arn:aws:lambda:us-east-1:123456789012:function:my-fn';

  it.each([
    [`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`, { functionName: 'my-fn', region: 'us-east-1', accountId: '123456789012' }],
    [
      `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${fnArn}:live/invocations`,
      { functionName: 'my-fn', qualifier: 'live', region: 'us-east-1', accountId: '123456789012' },
    ],
    ['arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/my-fn/invocations', { functionName: 'my-fn', region: 'eu-west-1' }],
    [fnArn, { functionName: 'my-fn', region: 'us-east-1', accountId: '123456789012' }],
    [`${fnArn}:prod`, { functionName: 'my-fn', qualifier: 'prod', region: 'us-east-1', accountId: '123456789012' }],
    [`${fnArn}:$LATEST`, { functionName: 'my-fn', qualifier: '$LATEST', region: 'us-east-1', accountId: '123456789012' }],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:function:f_1', { functionName: 'f_1', region: 'cn-north-1', accountId: '123456789012' }],
    ['123456789012:function:my-fn:7', { functionName: 'my-fn', qualifier: '7', accountId: '123456789012' }],
    ['my-fn', { functionName: 'my-fn' }],
    ['my-fn:alias', { functionName: 'my-fn', qualifier: 'alias' }],
    ['my-fn:7', { functionName: 'my-fn', qualifier: '7' }],
    [
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}:${stageVariables.alias}/invocations',
      { functionName: '${stageVariables.fn}', qualifier: '${stageVariables.alias}', region: 'us-east-1', accountId: '123456789012' },
    ],
    ['svc-${stageVariables.env}', { functionName: 'svc-${stageVariables.env}' }],
  ])('parses %s', (uri, expected) => {
    expect(parseIntegrationUri(uri)).toEqual(expected);
  });

  it.each([
    '',
    'https://example.com/fn',
    'arn:aws:s3:::bucket',
    'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations',
    'arn:aws:lambda:us-east-1:123:function:short-account',
    'arn:aws:lambda:us-east-1:123456789012:layer:x',
    'my fn',
    'my-fn:',
    'my-fn:a:b',
    'a'.repeat(65),
    '${stageVariables.}',
  ])('throws an error naming the URI for %j', (uri) => {
    expect(() => parseIntegrationUri(uri)).toThrow(`Invalid Lambda integration URI "${uri}"`);
  });
});
