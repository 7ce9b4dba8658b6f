import { compileCondition, evaluateCondition } from './policy-condition';
import type { PolicyFacts } from './policy-facts';

const NOON = Date.UTC(2024, 4, 1, 12, 0, 0); // 2024-05-01T12:00:00Z, epoch 1714564800
const CALLER = { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/AKIDALICE', userId: 'AKIDALICE', username: 'AKIDALICE' };
const FACTS: PolicyFacts = {
  sourceIp: '203.0.113.7',
  requestTime: NOON,
  secureTransport: true,
  userAgent: 'curl/8.5.0',
  referer: 'https://app.example.com/page',
  caller: CALLER,
};

const holds = (condition: object, facts: PolicyFacts = FACTS) => evaluateCondition(condition, facts);

describe(evaluateCondition.name, () => {
  describe('string operators', () => {
    it.each([
      ['StringEquals, equal', { StringEquals: { 'aws:UserAgent': 'curl/8.5.0' } }, true],
      ['StringEquals, different', { StringEquals: { 'aws:UserAgent': 'curl/8.4.0' } }, false],
      ['StringEquals is case-sensitive', { StringEquals: { 'aws:UserAgent': 'CURL/8.5.0' } }, false],
      ['StringEquals, any of several values', { StringEquals: { 'aws:UserAgent': ['wget/1', 'curl/8.5.0'] } }, true],
      ['StringNotEquals, equal', { StringNotEquals: { 'aws:UserAgent': 'curl/8.5.0' } }, false],
      ['StringNotEquals, different', { StringNotEquals: { 'aws:UserAgent': 'wget/1' } }, true],
      ['StringNotEquals, one of several values equal', { StringNotEquals: { 'aws:UserAgent': ['wget/1', 'curl/8.5.0'] } }, false],
      ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:UserAgent': 'CURL/8.5.0' } }, true],
      ['StringEqualsIgnoreCase, different', { StringEqualsIgnoreCase: { 'aws:UserAgent': 'WGET' } }, false],
      ['StringNotEqualsIgnoreCase, equal but for case', { StringNotEqualsIgnoreCase: { 'aws:UserAgent': 'Curl/8.5.0' } }, false],
      ['StringNotEqualsIgnoreCase, different', { StringNotEqualsIgnoreCase: { 'aws:UserAgent': 'wget' } }, true],
      ['StringLike with *', { StringLike: { 'aws:Referer': 'https://app.example.com/*' } }, true],
      ['StringLike with * matching nothing', { StringLike: { 'aws:UserAgent': 'curl/8.5.0*' } }, true],
      ['StringLike with ?', { StringLike: { 'aws:UserAgent': 'curl/?.5.?' } }, true],
      ['StringLike with ? needing one more character', { StringLike: { 'aws:UserAgent': 'curl/8.5.0?' } }, false],
      ['StringLike matches the whole value', { StringLike: { 'aws:UserAgent': 'curl' } }, false],
      ['StringLike is case-sensitive', { StringLike: { 'aws:UserAgent': 'Curl/*' } }, false],
      ['StringLike treats regex characters literally', { StringLike: { 'aws:Referer': 'https://app.example.com/pag.' } }, false],
      ['StringNotLike, matching', { StringNotLike: { 'aws:UserAgent': '*curl*' } }, false],
      ['StringNotLike, not matching', { StringNotLike: { 'aws:UserAgent': '*bot*' } }, true],
    ])('%s', (_what, condition, expected) => {
      expect(holds(condition)).toBe(expected);
    });
  });

  describe('numeric operators (on aws:EpochTime = 1714564800)', () => {
    it.each([
      ['NumericEquals', 'NumericEquals', '1714564800', true],
      ['NumericEquals, other', 'NumericEquals', '1714564801', false],
      ['NumericEquals, a JSON number', 'NumericEquals', 1714564800, true],
      ['NumericNotEquals, equal', 'NumericNotEquals', '1714564800', false],
      ['NumericNotEquals, other', 'NumericNotEquals', '1', true],
      ['NumericLessThan, above', 'NumericLessThan', '1714564801', true],
      ['NumericLessThan, equal', 'NumericLessThan', '1714564800', false],
      ['NumericLessThanEquals, equal', 'NumericLessThanEquals', '1714564800', true],
      ['NumericLessThanEquals, below', 'NumericLessThanEquals', '1714564799', false],
      ['NumericGreaterThan, a decimal below', 'NumericGreaterThan', '1714564799.5', true],
      ['NumericGreaterThan, equal', 'NumericGreaterThan', '1714564800', false],
      ['NumericGreaterThanEquals, equal', 'NumericGreaterThanEquals', '1714564800', true],
      ['NumericGreaterThanEquals, above', 'NumericGreaterThanEquals', '1714564800.1', false],
    ])('%s', (_what, operator, value, expected) => {
      expect(holds({ [operator]: { 'aws:EpochTime': value } })).toBe(expected);
    });

    it('does not match a request value that is no number', () => {
      expect(holds({ NumericLessThan: { 'aws:UserAgent': '5' } })).toBe(false);
    });

    it('cannot evaluate a policy value that is no number', () => {
      expect(holds({ NumericLessThan: { 'aws:EpochTime': 'soon' } })).toBeUndefined();
    });
  });

  describe('date operators (on aws:CurrentTime = 2024-05-01T12:00:00Z)', () => {
    it.each([
      ['DateEquals, ISO 8601', 'DateEquals', '2024-05-01T12:00:00Z', true],
      ['DateEquals, epoch seconds', 'DateEquals', '1714564800', true],
      ['DateEquals, with a zone offset', 'DateEquals', '2024-05-01T14:00:00+02:00', true],
      ['DateEquals, with fractions', 'DateEquals', '2024-05-01T12:00:00.000Z', true],
      ['DateEquals, other', 'DateEquals', '2024-05-01T12:00:01Z', false],
      ['DateNotEquals, equal', 'DateNotEquals', '2024-05-01T12:00:00Z', false],
      ['DateNotEquals, other', 'DateNotEquals', '2024-05-02', true],
      ['DateLessThan, later', 'DateLessThan', '2024-05-01T12:00:01Z', true],
      ['DateLessThan, equal', 'DateLessThan', '2024-05-01T12:00:00Z', false],
      ['DateLessThanEquals, equal', 'DateLessThanEquals', '1714564800', true],
      ['DateLessThanEquals, earlier', 'DateLessThanEquals', '2024-05-01', false],
      ['DateGreaterThan, a date only', 'DateGreaterThan', '2024-01-01', true],
      ['DateGreaterThan, a year and month', 'DateGreaterThan', '2025-01', false],
      ['DateGreaterThan, digits only are epoch seconds', 'DateGreaterThan', '2025', true],
      ['DateGreaterThan, minutes without seconds', 'DateGreaterThan', '2024-05-01T11:59Z', true],
      ['DateGreaterThanEquals, equal', 'DateGreaterThanEquals', '2024-05-01T12:00:00Z', true],
      ['DateGreaterThanEquals, later', 'DateGreaterThanEquals', '2024-05-01T12:00:00.001Z', false],
    ])('%s', (_what, operator, value, expected) => {
      expect(holds({ [operator]: { 'aws:CurrentTime': value } })).toBe(expected);
    });

    it('compares aws:EpochTime as a date too', () => {
      expect(holds({ DateGreaterThan: { 'aws:EpochTime': '2024-04-30T00:00:00Z' } })).toBe(true);
      expect(holds({ DateLessThan: { 'aws:EpochTime': '2024-04-30T00:00:00Z' } })).toBe(false);
    });

    it('reads a time without a zone as UTC', () => {
      expect(holds({ DateEquals: { 'aws:CurrentTime': '2024-05-01T12:00:00' } })).toBe(true);
    });

    it.each([['May 1 2024'], ['2024-13-45'], ['yesterday']])('cannot evaluate the policy value %s', (value) => {
      expect(holds({ DateLessThan: { 'aws:CurrentTime': value } })).toBeUndefined();
    });
  });

  describe('Bool', () => {
    it.each([
      ['"true" on a TLS request', { Bool: { 'aws:SecureTransport': 'true' } }, FACTS, true],
      ['"false" on a TLS request', { Bool: { 'aws:SecureTransport': 'false' } }, FACTS, false],
      ['a JSON boolean', { Bool: { 'aws:SecureTransport': false } }, { ...FACTS, secureTransport: false }, true],
      ['another case', { Bool: { 'aws:SecureTransport': 'TRUE' } }, FACTS, true],
    ])('%s', (_what, condition, facts, expected) => {
      expect(holds(condition, facts)).toBe(expected);
    });

    it('cannot evaluate a value that is no boolean', () => {
      expect(holds({ Bool: { 'aws:SecureTransport': 'yes' } })).toBeUndefined();
    });
  });

  describe('IP address operators', () => {
    it.each([
      ['an address inside an IPv4 CIDR', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.2.77', true],
      ['an address outside it', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.3.1', false],
      ['any of a list', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } }, '192.0.2.1', true],
      ['a single address without prefix', { IpAddress: { 'aws:SourceIp': '203.0.113.9' } }, '203.0.113.9', true],
      ['NotIpAddress for an address outside', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '198.51.100.1', true],
      ['NotIpAddress for an address inside', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, '192.0.2.1', false],
      ['an IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, '2001:db8::1', true],
      ['an IPv4-mapped IPv6 caller', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, '::ffff:127.0.0.1', true],
      ['two operators that must both hold', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } }, '10.1.2.3', false],
      ['an IP operator on a key that is no address', { IpAddress: { 'aws:UserAgent': '10.0.0.0/8' } }, '10.0.0.1', false],
    ])('%s', (_what, condition, ip, expected) => {
      expect(holds(condition, { ...FACTS, sourceIp: ip })).toBe(expected);
    });

    it.each([
      ['a malformed CIDR', { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }],
      ['a value that is no address', { IpAddress: { 'aws:SourceIp': 'example.com' } }],
    ])('cannot evaluate %s', (_what, condition) => {
      expect(holds(condition)).toBeUndefined();
    });
  });

  describe('ARN and binary operators', () => {
    it.each([
      ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': CALLER.userArn } }, true],
      ['ArnLike with a wildcard resource', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/*' } }, true],
      ['ArnLike with a wildcard account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/AKID*' } }, true],
      ['ArnLike, another account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:*' } }, false],
      ['ArnNotLike, matching', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:*' } }, false],
      ['ArnNotEquals, other', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/BOB' } }, true],
      ['BinaryEquals', { BinaryEquals: { 'aws:UserAgent': Buffer.from('curl/8.5.0').toString('base64') } }, true],
      ['BinaryEquals, other bytes', { BinaryEquals: { 'aws:UserAgent': Buffer.from('curl').toString('base64') } }, false],
    ])('%s', (_what, condition, expected) => {
      expect(holds(condition)).toBe(expected);
    });
  });

  describe('absent keys', () => {
    const anonymous: PolicyFacts = { sourceIp: '203.0.113.7' };
    it.each([
      ['StringEquals', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, false],
      ['StringNotEquals (the documented VPC-endpoint deny holds)', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, true],
      ['StringLike', { StringLike: { 'aws:Referer': '*' } }, false],
      ['StringNotLike', { StringNotLike: { 'aws:Referer': '*' } }, true],
      ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:SourceVpc': 'VPC-1' } }, false],
      ['NumericLessThan', { NumericLessThan: { 'aws:EpochTime': '1' } }, false],
      ['NumericNotEquals', { NumericNotEquals: { 'aws:EpochTime': '1' } }, true],
      ['DateGreaterThan', { DateGreaterThan: { 'aws:CurrentTime': '2000-01-01' } }, false],
      ['Bool', { Bool: { 'aws:SecureTransport': 'false' } }, false],
      ['IpAddress', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, false],
      ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, true],
      ['ArnLike on an anonymous caller', { ArnLike: { 'aws:PrincipalArn': '*' } }, false],
      ['a key no request here carries (aws:PrincipalOrgID)', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, false],
      ['a negated operator on such a key', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }, true],
      ['a service key', { StringEquals: { 'execute-api:viaDomainArn': 'x' } }, false],
    ])('%s', (_what, condition, expected) => {
      const facts = 'IpAddress' in condition || 'NotIpAddress' in condition ? {} : anonymous;
      expect(holds(condition, facts)).toBe(expected);
    });

    it('leaves the principal keys absent for an anonymous caller', () => {
      expect(holds({ StringEquals: { 'aws:PrincipalAccount': '123456789012' } }, anonymous)).toBe(false);
      expect(holds({ StringEquals: { 'aws:PrincipalAccount': '123456789012' } })).toBe(true);
      expect(holds({ StringEquals: { 'aws:userid': 'AKIDALICE', 'aws:username': 'AKIDALICE', 'aws:PrincipalType': 'User' } })).toBe(true);
      expect(holds({ Null: { 'aws:PrincipalType': 'true' } }, anonymous)).toBe(true);
    });
  });

  describe('…IfExists', () => {
    it.each([
      ['StringEqualsIfExists, absent', { StringEqualsIfExists: { 'aws:Referer': 'x' } }, {}, true],
      ['StringEqualsIfExists, present and equal', { StringEqualsIfExists: { 'aws:UserAgent': 'curl/8.5.0' } }, FACTS, true],
      ['StringEqualsIfExists, present and different', { StringEqualsIfExists: { 'aws:UserAgent': 'wget' } }, FACTS, false],
      ['StringNotEqualsIfExists, absent (a Deny with it still applies)', { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, FACTS, true],
      ['StringNotEqualsIfExists, present and equal', { StringNotEqualsIfExists: { 'aws:UserAgent': 'curl/8.5.0' } }, FACTS, false],
      ['IpAddressIfExists, absent', { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true],
      ['IpAddressIfExists, present outside', { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, FACTS, false],
      ['BoolIfExists, absent', { BoolIfExists: { 'aws:SecureTransport': 'true' } }, {}, true],
      ['NumericLessThanIfExists, present', { NumericLessThanIfExists: { 'aws:EpochTime': '1' } }, FACTS, false],
      ['DateGreaterThanIfExists, absent', { DateGreaterThanIfExists: { 'aws:CurrentTime': '2099-01-01' } }, {}, true],
      ['ArnLikeIfExists, absent caller', { ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::1:*' } }, {}, true],
    ])('%s', (_what, condition, facts, expected) => {
      expect(holds(condition, facts)).toBe(expected);
    });
  });

  describe('Null', () => {
    it.each([
      ['"true" on an absent key', { Null: { 'aws:SourceVpc': 'true' } }, true],
      ['"true" on a present key', { Null: { 'aws:SourceIp': 'true' } }, false],
      ['"false" on a present key', { Null: { 'aws:SourceIp': 'false' } }, true],
      ['"false" on an absent key', { Null: { 'aws:SourceVpc': 'false' } }, false],
      ['a JSON boolean', { Null: { 'aws:Referer': false } }, true],
      ['keys in another case', { Null: { 'AWS:USERAGENT': 'false' } }, true],
    ])('%s', (_what, condition, expected) => {
      expect(holds(condition)).toBe(expected);
    });

    it('cannot evaluate a value that is no boolean, nor NullIfExists', () => {
      expect(holds({ Null: { 'aws:Referer': 'maybe' } })).toBeUndefined();
      expect(holds({ NullIfExists: { 'aws:Referer': 'true' } })).toBeUndefined();
    });
  });

  describe('ForAnyValue: / ForAllValues:', () => {
    it.each([
      ['ForAnyValue:StringLike, matching', { 'ForAnyValue:StringLike': { 'aws:UserAgent': ['wget*', 'curl/*'] } }, FACTS, true],
      ['ForAnyValue:StringLike, not matching', { 'ForAnyValue:StringLike': { 'aws:UserAgent': ['wget*'] } }, FACTS, false],
      ['ForAnyValue:StringEquals, absent key (empty set)', { 'ForAnyValue:StringEquals': { 'aws:Referer': 'x' } }, {}, false],
      ['ForAnyValue:StringNotEquals, absent key (empty set)', { 'ForAnyValue:StringNotEquals': { 'aws:Referer': 'x' } }, {}, false],
      ['ForAnyValue:StringNotEquals, present and equal', { 'ForAnyValue:StringNotEquals': { 'aws:UserAgent': 'curl/8.5.0' } }, FACTS, false],
      ['ForAllValues:StringEquals, present and equal', { 'ForAllValues:StringEquals': { 'aws:UserAgent': ['curl/8.5.0', 'x'] } }, FACTS, true],
      ['ForAllValues:StringEquals, present and different', { 'ForAllValues:StringEquals': { 'aws:UserAgent': 'x' } }, FACTS, false],
      ['ForAllValues:StringEquals, absent key (empty set)', { 'ForAllValues:StringEquals': { 'aws:Referer': 'x' } }, {}, true],
      ['ForAllValues:StringNotLike, present and not matching', { 'ForAllValues:StringNotLike': { 'aws:UserAgent': '*bot*' } }, FACTS, true],
      ['ForAnyValue:IpAddress', { 'ForAnyValue:IpAddress': { 'aws:SourceIp': '203.0.113.0/24' } }, FACTS, true],
    ])('%s', (_what, condition, facts, expected) => {
      expect(holds(condition, facts)).toBe(expected);
    });
  });

  describe('combining keys and operators', () => {
    it('ANDs keys under one operator', () => {
      expect(holds({ StringEquals: { 'aws:UserAgent': 'curl/8.5.0', 'aws:Referer': 'https://app.example.com/page' } })).toBe(true);
      expect(holds({ StringEquals: { 'aws:UserAgent': 'curl/8.5.0', 'aws:Referer': 'https://evil.example/' } })).toBe(false);
    });

    it('ANDs operators', () => {
      expect(holds({ StringLike: { 'aws:UserAgent': 'curl/*' }, Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })).toBe(true);
      expect(holds({ StringLike: { 'aws:UserAgent': 'curl/*' }, Bool: { 'aws:SecureTransport': 'false' } })).toBe(false);
    });

    it('reads keys in any case, values case-sensitively', () => {
      expect(holds({ StringEquals: { 'AWS:USERAGENT': 'curl/8.5.0' } })).toBe(true);
      expect(holds({ StringEquals: { 'aws:useragent': 'Curl/8.5.0' } })).toBe(false);
    });

    it('holds for an empty block', () => {
      expect(holds({})).toBe(true);
    });
  });

  describe('what cannot be evaluated (the statement then fails closed)', () => {
    it.each([
      ['an unknown operator', { StringContains: { 'aws:UserAgent': 'curl' } }],
      ['an unknown set qualifier', { 'ForSomeValues:StringEquals': { 'aws:UserAgent': 'curl/8.5.0' } }],
      ['a non-string value', { StringEquals: { 'aws:UserAgent': [{ a: 1 }] } }],
      ['an empty value list', { StringEquals: { 'aws:UserAgent': [] } }],
      ['a condition that is no object', 'IpAddress'],
      ['a block that is no object', { IpAddress: ['10.0.0.0/8'] }],
    ])('%s', (_what, condition) => {
      expect(evaluateCondition(condition, FACTS)).toBeUndefined();
    });

    it('still answers false when another test of the block is false (false AND unknown)', () => {
      expect(holds({ StringContains: { 'aws:UserAgent': 'curl' }, StringEquals: { 'aws:UserAgent': 'wget' } })).toBe(false);
      expect(holds({ StringContains: { 'aws:UserAgent': 'curl' }, StringEquals: { 'aws:UserAgent': 'curl/8.5.0' } })).toBeUndefined();
    });

    it('cannot evaluate any test without request facts', () => {
      expect(evaluateCondition({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, undefined)).toBeUndefined();
    });
  });

  describe('policy variables', () => {
    it.each([
      ['a key substituted in StringEquals', { StringEquals: { 'aws:username': '${aws:userid}' } }, true],
      ['a key substituted in StringLike', { StringLike: { 'aws:Referer': 'https://*/${aws:SourceVpc, \'page\'}' } }, true],
      ['a key substituted in ArnLike', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' } }, true],
      ['${*} as a literal asterisk, not a wildcard', { StringLike: { 'aws:UserAgent': 'curl${*}' } }, false],
      ['an absent key without a default (matches nothing)', { StringEquals: { 'aws:UserAgent': '${aws:SourceVpc}' } }, false],
      ['an absent key without a default, negated', { StringNotEquals: { 'aws:UserAgent': '${aws:SourceVpc}' } }, true],
    ])('%s', (_what, condition, expected) => {
      expect(holds(condition)).toBe(expected);
    });

    it('matches ${*} against an asterisk in the value', () => {
      expect(holds({ StringLike: { 'aws:UserAgent': 'a${*}b' } }, { userAgent: 'a*b' })).toBe(true);
      expect(holds({ StringLike: { 'aws:UserAgent': 'a${*}b' } }, { userAgent: 'axb' })).toBe(false);
    });

    it('leaves ${…} as text in policies without Version 2012-10-17', () => {
      expect(compileCondition({ StringEquals: { 'aws:UserAgent': '${aws:username}' } }, false).evaluate({ ...FACTS, userAgent: '${aws:username}' })).toBe(true);
      expect(compileCondition({ StringEquals: { 'aws:UserAgent': '${aws:username}' } }, false).evaluate({ ...FACTS, userAgent: 'AKIDALICE' })).toBe(false);
    });
  });
});

describe(compileCondition.name, () => {
  it('names only the facts its keys and policy variables read', () => {
    const c = compileCondition({
      StringEquals: { 'aws:UserAgent': 'x', 'aws:PrincipalOrgID': 'o-1' },
      IpAddress: { 'AWS:SourceIp': '10.0.0.0/8' },
      StringLike: { 'aws:Referer': '${aws:username}/*' },
    });
    expect([...c.facts].sort()).toEqual(['caller', 'referer', 'sourceIp', 'userAgent']);
    expect([...compileCondition({ DateLessThan: { 'aws:CurrentTime': '2030-01-01' }, NumericLessThan: { 'aws:EpochTime': '1' } }).facts]).toEqual(['requestTime']);
    expect(compileCondition({ Null: { 'aws:SourceVpce': 'true' } }).facts).toEqual(new Set(['sourceVpce']));
  });
});
