import { HttpApiRouter } from './http-api.router';

describe(HttpApiRouter.name, () => {
  let sut: HttpApiRouter<string>;

  beforeEach(() => {
    sut = new HttpApiRouter<string>();
    // The example of doc_source/http-api-develop-routes.md, "Routing API requests".
    for (const key of ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default']) sut.add(key, key);
  });

  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/1', null],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
    ['POST', '/pets/dog/1', 'ANY /{proxy+}', { proxy: 'pets/dog/1' }],
    ['GET', '/', '$default', null],
  ])('%s %s selects %s', (method, path, route, params) => {
    expect(sut.match(method, path)).toEqual({ route, pathParameters: params });
  });

  it('prefers a method route with a greedy variable over ANY with a literal path', () => {
    const router = new HttpApiRouter<string>();
    router.add('ANY /pets', 'any');
    router.add('GET /{proxy+}', 'greedy');
    expect(router.match('GET', '/pets')?.route).toBe('greedy');
    expect(router.match('POST', '/pets')?.route).toBe('any');
  });

  it('decodes path parameters and keeps malformed escapes', () => {
    const router = new HttpApiRouter<string>();
    router.add('GET /items/{id}', 'item');
    expect(router.match('GET', '/items/a%20b')?.pathParameters).toEqual({ id: 'a b' });
    expect(router.match('GET', '/items/%E0%A4%A')?.pathParameters).toEqual({ id: '%E0%A4%A' });
  });

  it('does not map HEAD to GET and answers null without $default', () => {
    const router = new HttpApiRouter<string>();
    router.add('GET /a', 'a');
    expect(router.match('HEAD', '/a')).toBeNull();
    expect(router.match('GET', '/b')).toBeNull();
  });

  it('ignores one trailing slash; a greedy variable needs at least one segment', () => {
    const router = new HttpApiRouter<string>();
    router.add('GET /a', 'a');
    router.add('GET /files/{path+}', 'files');
    expect(router.match('GET', '/a/')?.route).toBe('a');
    expect(router.match('GET', '/files')).toBeNull();
    expect(router.match('GET', '/files/x/y.txt')?.pathParameters).toEqual({ path: 'x/y.txt' });
  });

  it.each([
    ['GET pets', "route key 'GET pets' is not 'METHOD /path' or '$default'"],
    ['FETCH /a', "route key 'FETCH /a' is not 'METHOD /path' or '$default'"],
    ['GET /{proxy+}/x', 'must be the last segment'],
    ['GET /a//b', 'empty segment'],
    ['GET /pets/dog/1', 'duplicate route GET /pets/dog/1'],
    ['GET /pets/dog/{other}', 'conflicts with {id}'],
    ['$default', 'duplicate route $default'],
  ])('refuses %s', (key, message) => {
    expect(() => sut.add(key, key)).toThrow(message);
  });
});
