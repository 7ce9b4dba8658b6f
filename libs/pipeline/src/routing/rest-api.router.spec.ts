import { RestApiRouter } from './rest-api.router';

describe(RestApiRouter.name, () => {
  let sut: RestApiRouter<string>;

  beforeEach(() => {
    sut = new RestApiRouter<string>();
    sut.add('/', 'GET', 'root');
    sut.add('/pets', 'GET', 'list');
    sut.add('/pets/{petId}', 'GET', 'one');
    sut.add('/pets/mine', 'ANY', 'mine');
    sut.add('/{proxy+}', 'ANY', 'proxy');
  });

  it('prefers literal over {param} over {proxy+}', () => {
    expect(sut.match('GET', '/pets/mine')).toEqual({ kind: 'route', route: 'mine', pathParameters: null });
    expect(sut.match('GET', '/pets/7')).toEqual({ kind: 'route', route: 'one', pathParameters: { petId: '7' } });
    expect(sut.match('GET', '/other/x%2Fy')).toEqual({ kind: 'route', route: 'proxy', pathParameters: { proxy: 'other/x/y' } });
    expect(sut.match('GET', '/')).toEqual({ kind: 'route', route: 'root', pathParameters: null });
  });

  it('answers none for a method the matched resource lacks (AWS 403), not the greedy fallback', () => {
    expect(sut.match('DELETE', '/pets/7')).toEqual({ kind: 'none' });
    expect(sut.match('POST', '/')).toEqual({ kind: 'none' });
  });

  it('answers none when nothing matches', () => {
    const router = new RestApiRouter<string>();
    router.add('/pets', 'GET', 'list');
    expect(router.match('GET', '/cats')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/pets/1')).toEqual({ kind: 'none' });
  });
});
