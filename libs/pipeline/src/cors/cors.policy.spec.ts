import { CorsPolicy } from './cors.policy';

describe(CorsPolicy.name, () => {
  it('answers * for a wildcard origin without credentials', () => {
    const sut = new CorsPolicy({ allowOrigins: ['*'] });
    expect(sut.allowOrigin('https://a.test')).toBe('*');
    expect(sut.allowOrigin(undefined)).toBeNull();
  });

  it('echoes exact and pattern origins case-insensitively and refuses others', () => {
    const sut = new CorsPolicy({ allowOrigins: ['https://App.example', 'https://*.corp.test'] });
    expect(sut.allowOrigin('https://app.example')).toBe('https://app.example');
    expect(sut.allowOrigin('https://x.y.corp.test')).toBe('https://x.y.corp.test');
    expect(sut.allowOrigin('https://corp.test')).toBeNull();
    expect(sut.allowOrigin('https://app.example.evil')).toBeNull();
  });

  it("refuses allowCredentials with '*'", () => {
    expect(() => new CorsPolicy({ allowOrigins: ['*'], allowCredentials: true })).toThrow("allowCredentials can't be true");
  });
});
