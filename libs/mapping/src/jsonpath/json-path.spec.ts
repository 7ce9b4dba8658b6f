import { compileJsonPath, JsonPathError } from '@app/mapping';

describe(compileJsonPath.name, () => {
  const doc = { store: { book: [{ title: 'A', price: 8 }, { title: 'B' }], 'my-key': { x: 1 } }, list: [1, 2, 3] };

  it.each([
    ['$', doc],
    ['$.store.book[0].title', 'A'],
    ["$['store']['my-key'].x", 1],
    ['$["store"].book[-1].title', 'B'],
    ['$.list[1]', 2],
    ['$.store.book[*].title', ['A', 'B']],
    ['$.store.book[*].price', [8]],
    ['$.list.*', [1, 2, 3]],
    ['$..price', [8]],
    ['$.store.nope', undefined],
    ['$.list[9]', undefined],
    ['$.list.x', undefined],
  ])('%s', (path, expected) => {
    expect(compileJsonPath(path).evaluate(doc)).toEqual(expected);
  });

  it.each(['store', '$.', '$.a[', '$[?(@.x)]', '$[0:2]', "$['a','b']", '$a', '$.a[x]'])('refuses %j', (path) => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathError);
  });
});
