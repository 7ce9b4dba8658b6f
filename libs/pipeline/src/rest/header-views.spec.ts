import { headerViews } from './header-views';

describe(headerViews.name, () => {
  it('joins the values of a repeated header with commas and keeps each one in the multi-valued view', () => {
    const sut = headerViews(['Set-Cookie', 'a=1', 'X-Id', '7', 'Set-Cookie', 'b=2']);
    expect({ ...sut.headers }).toEqual({ 'Set-Cookie': 'a=1,b=2', 'X-Id': '7' });
    expect({ ...sut.multivalueheader }).toEqual({ 'Set-Cookie': ['a=1', 'b=2'], 'X-Id': ['7'] });
  });

  // Regression: an upstream answering with a header named `constructor` crashed the REST HTTP integration
  // (`{}['constructor']` is Object, which has no push).
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('treats a header named %s as a plain name', (name) => {
    const sut = headerViews([name, 'one', name, 'two']);
    expect(Object.entries(sut.headers)).toEqual([[name, 'one,two']]);
    expect(Object.entries(sut.multivalueheader)).toEqual([[name, ['one', 'two']]]);
  });
});
