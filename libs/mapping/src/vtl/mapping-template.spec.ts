import { compileMappingTemplate, MappingInput, MappingRuntimeError, MappingTemplate, MappingTemplateError } from '@app/mapping';

function input(overrides: Partial<MappingInput> = {}): MappingInput {
  return {
    body: '',
    params: { path: { id: 'p1' }, querystring: { id: 'q1', name: 'Bob' }, header: { 'X-Trace': 'h1', id: 'h-id' } },
    context: { requestId: 'req-1', identity: { sourceIp: '10.0.0.1' }, authorizer: { principalId: 'user', claims: { sub: 's1' } } },
    stageVariables: { env: 'dev' },
    ...overrides,
  };
}

function render(template: string, overrides: Partial<MappingInput> = {}): string {
  return compileMappingTemplate(template).render(input(overrides)).text;
}

describe(MappingTemplate.name, () => {
  describe('$input', () => {
    it('returns the raw body', () => {
      expect(render('$input.body', { body: '{"a": 1}' })).toBe('{"a": 1}');
    });

    it('json() returns compact JSON text for the supported JSONPath forms', () => {
      const body = JSON.stringify({ a: { b: [{ c: 1 }, { c: 2 }, { d: 3 }] }, 'x-y': 'z' });
      expect(render("$input.json('$')", { body })).toBe(body);
      expect(render("$input.json('$.a.b[0]')", { body })).toBe('{"c":1}');
      expect(render("$input.json('$.a.b[-1].d')", { body })).toBe('3');
      expect(render("$input.json('$[\\'x-y\\']')", { body })).toBe('"z"');
      expect(render("$input.json('$.a.b[*].c')", { body })).toBe('[1,2]');
      expect(render("$input.json('$..c')", { body })).toBe('[1,2]');
    });

    it('json() of an empty body is {} and of a missing path is empty', () => {
      expect(render("$input.json('$')")).toBe('{}');
      expect(render("[$input.json('$.nope')]", { body: '{}' })).toBe('[]');
    });

    it('path() yields values VTL can use natively', () => {
      const body = JSON.stringify({ pets: [{ id: 1, price: 249.99 }, { id: 2, price: 0.5 }], n: null });
      expect(render("$input.path('$.pets').size() $input.path('$.pets')[1].price $input.path('$.pets').get(0).id", { body })).toBe(
        '2 0.5 1',
      );
      expect(render("#set($p = $input.path('$'))#foreach($pet in $p.pets)$pet.id#end", { body })).toBe('12');
      expect(render("[$input.path('$.n')][$input.path('$.missing')]", { body })).toBe('[][]');
    });

    it('params(x) searches path, then query string, then headers case-insensitively; missing is empty', () => {
      expect(render("$input.params('id')")).toBe('p1');
      expect(render("$input.params('name')")).toBe('Bob');
      expect(render("$input.params('x-trace')")).toBe('h1');
      expect(render("[$input.params('absent')]")).toBe('[]');
      expect(render("#if($input.params('absent') == '')empty#end")).toBe('empty');
    });

    it('params() is a map of path, querystring and header maps that the template cannot leak back', () => {
      expect(render('$input.params()')).toBe('{path={id=p1}, querystring={id=q1, name=Bob}, header={X-Trace=h1, id=h-id}}');
      const data = input();
      compileMappingTemplate("$input.params().path.put('id', 'changed')").render(data);
      expect(data.params.path.id).toBe('p1');
    });

    it('fails the render, not the node, on a payload that is not JSON', () => {
      expect(() => render("$input.json('$')", { body: 'not json' })).toThrow(MappingRuntimeError);
    });
  });

  describe('$context and $stageVariables', () => {
    it('reads nested context variables and stage variables in every documented syntax', () => {
      expect(render('$context.requestId $context.identity.sourceIp $context.authorizer.claims.sub')).toBe('req-1 10.0.0.1 s1');
      expect(render("$stageVariables.env $stageVariables['env'] ${stageVariables['env']}")).toBe('dev dev dev');
    });

    it('cannot change the caller’s context or stage variables', () => {
      const data = input();
      compileMappingTemplate('#set($context.requestId = "x")#set($context.identity.sourceIp = "y")#set($stageVariables.env = "z")').render(data);
      expect(data.context.requestId).toBe('req-1');
      expect((data.context.identity as Record<string, string>).sourceIp).toBe('10.0.0.1');
      expect(data.stageVariables.env).toBe('dev');
    });

    it('hands responseOverride status and headers to the caller', () => {
      const out = compileMappingTemplate(
        '#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Reason = "gone")$context.responseOverride.header.X-Reason',
      ).render(input());
      expect(out).toEqual({
        text: 'gone',
        responseOverride: { status: 404, headers: { 'X-Reason': 'gone' } },
        requestOverride: { header: {}, querystring: {}, path: {} },
      });
    });

    it('hands requestOverride header, querystring and path to the caller', () => {
      const out = compileMappingTemplate(
        '#set($h = "$input.params(\'name\')-$input.params(\'id\')")#set($context.requestOverride.header.h3 = $h)' +
          '#set($context.requestOverride.querystring.q = 5)#set($context.requestOverride.path.id = "p2")',
      ).render(input());
      expect(out.requestOverride).toEqual({ header: { h3: 'Bob-p1' }, querystring: { q: '5' }, path: { id: 'p2' } });
    });

    it('fails when an override is set twice (AWS: overrides are final, 5XX)', () => {
      expect(() => render('#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)')).toThrow(
        /overridden more than once/,
      );
      expect(() => render('#set($context.requestOverride.header.a = 1)#set($context.requestOverride.header.a = 2)')).toThrow(
        MappingRuntimeError,
      );
    });

    it('refuses a status override that is not an HTTP status', () => {
      expect(() => render('#set($context.responseOverride.status = "abc")')).toThrow(/must be an HTTP status code/);
      expect(() => render('#set($context.responseOverride.status = 99)')).toThrow(MappingRuntimeError);
      expect(compileMappingTemplate('#set($context.responseOverride.status = "201")').render(input()).responseOverride.status).toBe(201);
    });
  });

  describe('Velocity 1.7 semantics', () => {
    it('prints null and missing references as nothing, as API Gateway does', () => {
      expect(render('[$nothing][$!nothing][${nothing}][$context.nope.deeper]')).toBe('[][][][]');
    });

    it('can print unresolved references literally, as stock Velocity does', () => {
      const sut = compileMappingTemplate('[$nothing][$!nothing][$a.b()]', { nullReferences: 'literal' });
      expect(sut.render(input()).text).toBe('[$nothing][][$a.b()]');
    });

    it('treats only null and false as false in #if', () => {
      expect(render('#if("")a#end#if(0)b#end#if($nothing)c#end#if(false)d#{else}e#end')).toBe('abe');
      expect(render('#set($x = 2)#if($x == 1)one#elseif($x == 2)two#{else}other#end')).toBe('two');
    });

    it('compares like Velocity: numbers by value, mixed kinds by toString', () => {
      expect(render('#if(5 == "5")y#end#if(1 == 1.0)z#end#if("a" != "b")w#end#if("a" < "b")x#{else}n#end')).toBe('yzwn');
    });

    it('divides integers as Java ints and yields null on division by zero', () => {
      expect(render('#set($a = 7 / 2)$a #set($b = 7 / 2.0)$b #set($c = -7 % 3)$c [#set($d = 1 / 0)$!d]')).toBe('3 3.5 -1 []');
    });

    it('keeps a variable unchanged when #set gets null', () => {
      expect(render('#set($x = "keep")#set($x = $nothing)$x')).toBe('keep');
    });

    it('prints maps and lists in Java form, also inside strings', () => {
      expect(render('#set($m = {"a": 1, "b": [2, "s"], "c": true})$m "$m" $m.keySet() $m.size()')).toBe(
        '{a=1, b=[2, s], c=true} "{a=1, b=[2, s], c=true}" [a, b, c] 3',
      );
    });

    it('prints numbers like Java', () => {
      const body = JSON.stringify({ i: 10, d: 1.5, small: 0.0001, big: 12345678.9 });
      expect(render("#set($r = $input.path('$'))$r.i $r.d $r.small $r.big", { body })).toBe('10 1.5 1.0E-4 1.23456789E7');
    });

    it('offers $foreach.hasNext, index, count, first, last and $velocityCount', () => {
      expect(render('#foreach($x in ["a", "b", "c"])$velocityCount:$foreach.index:$foreach.count:$x#if($foreach.hasNext),#end#end')).toBe(
        '1:0:1:a,2:1:2:b,3:2:3:c',
      );
      expect(render('#foreach($x in [1..3])#if($foreach.first)F#end#if($foreach.last)L#end#end')).toBe('FL');
    });

    it('iterates map values and stops at #break', () => {
      expect(render('#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v#end')).toBe('12');
      expect(render('#foreach($i in [1..5])$i#if($i == 2)#break#end#end')).toBe('12');
    });

    it('supports macros, also called before they are defined, and identifiers with dashes', () => {
      expect(render('#greet("Ann")#macro(greet $who)Hi $who#end')).toBe('Hi Ann');
      expect(render('#set($my-var = "ok")$my-var')).toBe('ok');
    });

    it('gives strings Java String methods', () => {
      const t =
        '#set($s = " Hello, World ")$s.trim().length() $s.toUpperCase().trim() $s.contains("World") $s.trim().matches("H.*d") ' +
        '$s.trim().matches("Hello") $s.replaceAll("o(.)", "0$1") $s.replace("l", "L") $s.trim().split(",\\s*") ' +
        '$s.trim().substring(0, 5) $s.indexOf("o") $s.trim().startsWith("He") $s.trim().endsWith("ld") $s.equals(" Hello, World ") ' +
        '$s.isEmpty() #set($e = "")$e.isEmpty()';
      expect(render(t)).toBe(
        '12 HELLO, WORLD true true false  Hell0, W0rld   HeLLo, WorLd  [Hello, World] Hello 5 true true true false true',
      );
    });

    it('splits like Java: no captured groups, trailing empty strings dropped', () => {
      expect(render('#set($a = "a1b2c3")#set($b = "a,b,,")#set($c = "")$a.split("(\\d)") $b.split(",").size() $c.split(",").size()')).toBe(
        '[a, b, c] 2 1',
      );
    });

    it('gives lists and maps their Java methods', () => {
      expect(render('#set($l = [1, 2])$l.add(3) $l $l.get(0) $l.contains(2) $l.contains("2") $l.isEmpty() $l.size()')).toBe(
        'true [1, 2, 3] 1 true false false 3',
      );
      expect(render('#set($m = {"k": "v"})$m.get("k") $m.containsKey("k") $m.put("n", 1) $m.isEmpty() #foreach($e in $m.entrySet())$e.key=$e.value;#end')).toBe(
        'v true  false k=v;n=1;',
      );
    });

    it('turns Java exceptions into a runtime error with the location', () => {
      const sut = compileMappingTemplate('ok\n  $input.body.substring(5)');
      expect(() => sut.render(input({ body: 'abc' }))).toThrow(expect.objectContaining({ name: 'MappingRuntimeError', line: 2, column: 3 }));
      expect(() => render('#set($l = [1])$l.get(3)')).toThrow(/out of bounds/);
    });

    it('never exposes JS internals', () => {
      expect(render('[$input.constructor][$util.constructor.name][$context.__proto__][$stageVariables.toString]')).toBe('[][][][]');
      expect(render('#set($m = {})#set($m.__proto__ = "x")$m.get("__proto__") $m.size()')).toBe('x 1');
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  });

  describe('compile errors', () => {
    it.each([
      ['#if($a', 1],
      ['line one\n#foreach($x in $y)\nno end', 2],
      ['text\n#end', 2],
      ['#else', 1],
      ['#include("other.vm")', 1],
      ['#parse("other.vm")', 1],
      ['#define($d)x#end', 1],
      ["\n\n$input.json('$.a[?(@.b)]')", 3],
      ['#set($x = "#if(")', 1],
    ])('refuses %j with its line', (source, line) => {
      expect(() => compileMappingTemplate(source)).toThrow(MappingTemplateError);
      try {
        compileMappingTemplate(source);
      } catch (err) {
        expect((err as MappingTemplateError).line).toBe(line);
        expect((err as MappingTemplateError).column).toBeGreaterThan(0);
      }
    });
  });

  describe('bounds', () => {
    it('fails a #foreach over more items than allowed', () => {
      const sut = compileMappingTemplate('#foreach($i in $input.path("$"))x#end', { limits: { maxForeachIterations: 3 } });
      expect(sut.render(input({ body: '[1,2,3]' })).text).toBe('xxx');
      expect(() => sut.render(input({ body: '[1,2,3,4]' }))).toThrow(/exceeds 3/);
    });

    it('fails runaway nesting, recursion and output growth instead of hanging', () => {
      expect(() =>
        compileMappingTemplate('#foreach($a in [1..1000])#foreach($b in [1..1000])#end#end', { limits: { maxSteps: 100_000 } }).render(input()),
      ).toThrow(/evaluation steps/);
      expect(() => render('#macro(loop)#loop()#end#loop()')).toThrow(/nested deeper/);
      expect(() =>
        compileMappingTemplate('#set($s = "ab")#foreach($i in [1..40])#set($s = "$s$s")#end', { limits: { maxOutputLength: 1_000_000 } }).render(
          input(),
        ),
      ).toThrow(/exceeded 1000000 characters/);
    });
  });

  it('renders the same compiled template many times with independent state', () => {
    const sut = compileMappingTemplate('#if(!$seen)#set($seen = true)first#{else}again#end $input.params("name")');
    expect(sut.render(input()).text).toBe('first Bob');
    expect(sut.render(input({ params: { path: {}, querystring: { name: 'Eve' }, header: {} } })).text).toBe('first Eve');
  });
});
