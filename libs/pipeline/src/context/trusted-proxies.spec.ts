import { forwardedAddress, TrustedProxies } from './trusted-proxies';

describe(TrustedProxies.name, () => {
  const sut = TrustedProxies.compile(['10.0.0.0/8', '192.0.2.7/32', '2001:db8:1::/48', '::1/128'])!;

  it('compiles an empty or missing list to null, so the handler skips proxies entirely', () => {
    expect(TrustedProxies.compile([])).toBeNull();
    expect(TrustedProxies.compile(undefined)).toBeNull();
  });

  it('refuses a range the config should have refused', () => {
    expect(() => TrustedProxies.compile(['10.0.0.0/33'])).toThrow('trusted proxy range "10.0.0.0/33"');
    expect(() => TrustedProxies.compile(['lb.internal'])).toThrow('trusted proxy range "lb.internal"');
  });

  it('checks IPv4 and IPv6 peers against the ranges', () => {
    expect(sut.trusts('10.200.3.4')).toBe(true);
    expect(sut.trusts('192.0.2.7')).toBe(true);
    expect(sut.trusts('192.0.2.8')).toBe(false);
    expect(sut.trusts('2001:db8:1:ffff::9')).toBe(true);
    expect(sut.trusts('2001:db8:2::9')).toBe(false);
    expect(sut.trusts('::1')).toBe(true);
    expect(sut.trusts('')).toBe(false);
  });

  it('keeps answering right past the bound of remembered verdicts', () => {
    const fresh = TrustedProxies.compile(['10.0.0.0/8'])!;
    for (let i = 0; i < 10_050; i++) expect(fresh.trusts(`${i % 2 === 0 ? 10 : 11}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)).toBe(i % 2 === 0);
    expect(fresh.trusts('10.0.0.1')).toBe(true);
    expect(fresh.trusts('11.0.0.1')).toBe(false);
  });

  describe('clientAddress: X-Forwarded-For from a trusted peer, walked from the right', () => {
    const peer = '10.0.0.2';

    it.each([
      ['no header: the peer itself', undefined, peer],
      ['an empty header: the peer itself', '', peer],
      ['one client address', '203.0.113.9', '203.0.113.9'],
      ['the first untrusted address from the right; spoofed entries left of it are ignored', '1.1.1.1, 8.8.8.8, 203.0.113.9', '203.0.113.9'],
      ['trusted hops stepped over', '198.51.100.4, 203.0.113.9, 10.1.1.1, 192.0.2.7', '203.0.113.9'],
      ['every entry trusted: the leftmost', '10.9.9.9, 10.1.1.1,192.0.2.7', '10.9.9.9'],
      ['an IPv6 client', '2001:db8:9::42, 10.1.1.1', '2001:db8:9::42'],
      ['an IPv6 client behind an IPv6 proxy', '2001:db8:9::42, 2001:db8:1::5', '2001:db8:9::42'],
      ['an IPv4-mapped IPv6 entry unwrapped to IPv4', '::FFFF:203.0.113.9', '203.0.113.9'],
      ['an IPv4-mapped trusted hop stepped over', '203.0.113.9, ::ffff:10.1.1.1', '203.0.113.9'],
      ['IPv4 with a port', '203.0.113.9:4711, 10.1.1.1:80', '203.0.113.9'],
      ['bracketed IPv6, with and without a port', '[2001:db8:9::42]:4711, [::1]', '2001:db8:9::42'],
      ['tabs and repeated spaces', '\t203.0.113.9 ,  10.1.1.1 ', '203.0.113.9'],
      ['empty list elements skipped', '203.0.113.9,, 10.1.1.1,', '203.0.113.9'],
      ['garbage ends the walk with the last good address', 'evil, 10.1.1.1', '10.1.1.1'],
      ['garbage right of the client is not stepped over', '203.0.113.9, unknown, 10.1.1.1', '10.1.1.1'],
      ['garbage in the rightmost entry: the peer', '203.0.113.9, not-an-ip', peer],
      ['a zone id is no address', 'fe80::1%eth0', peer],
      ['a bad port is no address', '203.0.113.9:http', peer],
      ['an unclosed bracket is no address', '[2001:db8::1', peer],
      ['an IPv4 address in brackets is no address', '[203.0.113.9]', peer],
      ['an over-long port is no address', '203.0.113.9:123456', peer],
      ['an address made to look IPv4 with leading zeros is refused', '203.0.113.009', peer],
    ])('%s', (_, header, expected) => {
      expect(sut.clientAddress(header, peer)).toBe(expected);
    });
  });
});

describe(forwardedAddress.name, () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['2001:DB8::1', '2001:DB8::1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['[::ffff:192.0.2.1]:80', '192.0.2.1'],
    ['192.0.2.1:65535', '192.0.2.1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['unknown', null],
    ['_hidden', null],
    ['192.0.2.1:', null],
    ['[2001:db8::1]x', null],
    ['[2001:db8::1]:', null],
    ['::ffff:', null],
  ])('%s → %s', (entry, expected) => {
    expect(forwardedAddress(entry)).toBe(expected);
  });
});
