import { ConfigError, loadConfig } from './app-config';

const cluster = {
  GATEWAY_MODE: 'cluster',
  DATABASE_URL: 'postgres://localhost/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ADMIN_ACCESS_KEYS: 'AKIDEXAMPLE:secret123',
  SECRET_KEY: 'x'.repeat(32),
};

describe(loadConfig.name, () => {
  it('applies documented defaults in local mode with nothing set', () => {
    const sut = loadConfig({ GATEWAY_MODE: 'local' });
    expect(sut.ports).toEqual({ gateway: 8080, ws: 8081, controlPlane: 9000, metricsWorker: 9100 });
    expect(sut.mode).toBe('local');
    expect(sut.databaseUrl).toBeUndefined();
  });

  it("defaults the account throttle to AWS's 10,000 rps with a 5,000 burst, and reads both variables", () => {
    expect(loadConfig({ GATEWAY_MODE: 'local' }).accountThrottle).toEqual({ rateLimit: 10_000, burstLimit: 5_000 });
    const sut = loadConfig({ GATEWAY_MODE: 'local', ACCOUNT_THROTTLE_RATE_LIMIT: '200', ACCOUNT_THROTTLE_BURST_LIMIT: '50' });
    expect(sut.accountThrottle).toEqual({ rateLimit: 200, burstLimit: 50 });
  });

  it('parses a full cluster configuration', () => {
    const sut = loadConfig(cluster);
    expect(sut.adminAccessKeys.get('AKIDEXAMPLE')).toBe('secret123');
    expect(sut.invokeAccessKeys.size).toBe(0);
    expect(loadConfig({ ...cluster, INVOKE_ACCESS_KEYS: 'AKID1:s1, AKID2:s:2' }).invokeAccessKeys).toEqual(new Map([['AKID1', 's1'], ['AKID2', 's:2']]));
    expect(sut.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it("defaults COGNITO_ISSUER_URL to Cognito's issuer template and accepts a local one", () => {
    expect(loadConfig({ GATEWAY_MODE: 'local' }).cognitoIssuerUrl).toBe('https://cognito-idp.{region}.amazonaws.com/{userPoolId}');
    expect(loadConfig({ GATEWAY_MODE: 'local', COGNITO_ISSUER_URL: 'http://127.0.0.1:9229/{userPoolId}/' }).cognitoIssuerUrl).toBe('http://127.0.0.1:9229/{userPoolId}');
  });

  it('trusts no proxy by default, and reads TRUSTED_PROXIES as ranges with shorthands expanded and repeats dropped', () => {
    expect(loadConfig({ GATEWAY_MODE: 'local' }).trustedProxies).toEqual([]);
    expect(loadConfig({ GATEWAY_MODE: 'local', TRUSTED_PROXIES: ' , ' }).trustedProxies).toEqual([]);
    const sut = loadConfig({ GATEWAY_MODE: 'local', TRUSTED_PROXIES: '192.0.2.7, 10.1.0.0/16,2001:db8::/32, ::ffff:198.51.100.0/120,Loopback,loopback, 192.0.2.7' });
    expect(sut.trustedProxies).toEqual(['192.0.2.7/32', '10.1.0.0/16', '2001:db8::/32', '::ffff:198.51.100.0/120', '127.0.0.0/8', '::1/128']);
    expect(loadConfig({ GATEWAY_MODE: 'local', TRUSTED_PROXIES: 'private,linklocal,fd00::1' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      'fc00::/7',
      '169.254.0.0/16',
      'fe80::/10',
      'fd00::1/128',
    ]);
  });

  it.each([
    ['TRUSTED_PROXIES', 'lb.internal', /TRUSTED_PROXIES entries must be IP addresses, CIDR ranges or one of loopback, private, linklocal; got "lb.internal"/],
    ['TRUSTED_PROXIES', '10.0.0.0/8,all', /TRUSTED_PROXIES entries must be .*got "all"/],
    ['TRUSTED_PROXIES', '10.0.0.0/33', /TRUSTED_PROXIES range "10.0.0.0\/33" needs a prefix length from 0 to 32/],
    ['TRUSTED_PROXIES', '2001:db8::/129', /TRUSTED_PROXIES range "2001:db8::\/129" needs a prefix length from 0 to 128/],
    ['TRUSTED_PROXIES', '10.0.0.0/', /TRUSTED_PROXIES range "10.0.0.0\/" needs a prefix length/],
    ['TRUSTED_PROXIES', '10.0.0.0/8x', /TRUSTED_PROXIES range "10.0.0.0\/8x" needs a prefix length/],
    ['TRUSTED_PROXIES', '10.0.0.256', /TRUSTED_PROXIES entries must be/],
    ['COGNITO_ISSUER_URL', 'https://cognito-idp.example.com/pool', /COGNITO_ISSUER_URL must contain the \{userPoolId\} placeholder/],
    ['COGNITO_ISSUER_URL', 'cognito/{userPoolId}', /COGNITO_ISSUER_URL must be an http\(s\) URL template/],
    ['DATABASE_URL', undefined, /DATABASE_URL is required in cluster mode/],
    ['REDIS_URL', undefined, /REDIS_URL is required/],
    ['GATEWAY_PORT', '80800', /GATEWAY_PORT must be a TCP port/],
    ['GATEWAY_PORT', 'http', /GATEWAY_PORT must be a TCP port/],
    ['REDIS_URL', 'not a url', /REDIS_URL must be a URL/],
    ['GATEWAY_MODE', 'prod', /GATEWAY_MODE must be one of local, cluster/],
    ['SECRET_KEY', 'short', /SECRET_KEY must be at least 32 characters/],
    ['ADMIN_ACCESS_KEYS', 'nocolon', /ADMIN_ACCESS_KEYS must be comma-separated/],
    ['INVOKE_ACCESS_KEYS', 'AKID:secret,nosecret:', /INVOKE_ACCESS_KEYS must be comma-separated/],
    ['SHUTDOWN_GRACE_MS', '-1', /SHUTDOWN_GRACE_MS must be a non-negative integer/],
    ['ACCOUNT_THROTTLE_RATE_LIMIT', '10k', /ACCOUNT_THROTTLE_RATE_LIMIT must be a non-negative integer/],
    ['ACCOUNT_THROTTLE_BURST_LIMIT', '-5', /ACCOUNT_THROTTLE_BURST_LIMIT must be a non-negative integer/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    const env: Record<string, string | undefined> = { ...cluster, [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
