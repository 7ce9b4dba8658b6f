import { parseTaggableArn } from './taggable-arn';

describe(parseTaggableArn.name, () => {
  it.each([
    ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3', { kind: 'restapi', apiId: 'a1b2c3' }],
    ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod', { kind: 'stage', apiId: 'a1b2c3', stageName: 'prod' }],
    ['arn:aws:apigateway:eu-west-1::/apikeys/k0e1y2', { kind: 'apikey', keyId: 'k0e1y2' }],
    ['arn:aws:apigateway:us-east-1::/usageplans/p1an', { kind: 'usageplan', usagePlanId: 'p1an' }],
    ['arn:aws-cn:apigateway:cn-north-1::/usageplans/p1an', { kind: 'usageplan', usagePlanId: 'p1an' }],
  ])('reads %s', (arn, expected) => {
    expect(parseTaggableArn(arn)).toEqual(expected);
  });

  it.each([
    'arn:aws:s3:::bucket',
    'arn:aws:apigateway:us-east-1::/apikeys',
    'arn:aws:apigateway:us-east-1::/apikeys/k1/extra',
    'arn:aws:apigateway:us-east-1::/usageplans/',
    'arn:aws:apigateway:us-east-1::/usageplans/p1/keys/k1',
    'arn:aws:apigateway:us-east-1::/restapis/a1/resources/r1',
    'arn:aws:apigateway:us-east-1:123456789012:/apikeys/k1',
    'arn:aws:apigateway:us-east-1::/apis/a1',
  ])('refuses %s', (arn) => {
    expect(parseTaggableArn(arn)).toBeUndefined();
  });
});
