import { compileRequestParameters, compileResponseParameters } from './parameter-mapping';

describe(compileRequestParameters.name, () => {
  it.each([
    [{ 'overwrite:header.Authorization': 'x' }, "header 'Authorization' is reserved"],
    [{ 'append:header.x-amzn-foo': 'x' }, "header 'x-amzn-foo' is reserved"],
    [{ 'overwrite:querystring': 'x' }, "unsupported key 'overwrite:querystring'"],
    [{ 'append:path': 'x' }, "unsupported key 'append:path'"],
    [{ 'overwrite:statuscode': '200' }, "unsupported key 'overwrite:statuscode'"],
    [{ 'overwrite:header.x': '$request.nothing.y' }, "unsupported mapping value '$request.nothing.y'"],
    [{ 'overwrite:header.x': '$response.header.y' }, "unsupported mapping value '$response.header.y'"],
    [{ 'overwrite:header.x': '${request.body..a}' }, 'recursive descent'],
  ])('refuses %j', (params, message) => {
    expect(() => compileRequestParameters(params)).toThrow(message);
  });

  it('returns null when there is nothing to map', () => {
    expect(compileRequestParameters(undefined)).toBeNull();
    expect(compileRequestParameters({})).toBeNull();
  });
});

describe(compileResponseParameters.name, () => {
  it.each([
    [{ abc: {} }, "'abc' is not a status code"],
    [{ '200': { 'overwrite:path': '/x' } }, "unsupported key 'overwrite:path'"],
    [{ '200': { 'append:statuscode': '1' } }, "unsupported key 'append:statuscode'"],
    [{ '200': { 'overwrite:header.access-control-allow-origin': '*' } }, 'is reserved'],
  ])('refuses %j', (params, message) => {
    expect(() => compileResponseParameters(params as never)).toThrow(message);
  });
});
