import { Helper } from 'velocityjs';
import { compileJsonPath, JsonPathError } from '../jsonpath/json-path';
import { getJavaProperty, invokeJavaMethod, setOwn } from './java-methods';
import { isJavaMap, isTruthy, javaToString, velocityEquals } from './java-values';
import { MappingRuntimeError, MappingTemplateError } from './mapping-template.errors';
import { parseVtl, VtlBlock, VtlNode, VtlPos } from './vtl-parser';
import { ForeachState, Runtime } from './vtl-runtime';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

export type Renderer = (rt: Runtime) => string;
type Evaluator = (rt: Runtime) => unknown;
type Accessor = (base: unknown, rt: Runtime) => unknown;
/* eslint-disable @typescript-eslint/no-explicit-any */
type Ast = Record<string, any>;

export interface CompileOptions {
  /**
   * How a null or missing `$ref` prints. AWS prints nothing ('empty'), unlike stock Velocity, which prints the
   * reference's source text ('literal'). `$!ref` prints nothing either way.
   */
  nullReferences: 'empty' | 'literal';
}

interface MacroDef {
  params: string[];
  asts: VtlNode[];
  body?: Renderer;
}

const getRefText = Helper.getRefText as (ast: unknown) => string;

/**
 * Turns velocityjs's AST into closures once, at deploy time, so a render is a walk over prebuilt functions with
 * Java/Velocity 1.7 semantics: no re-parsing (double-quoted strings are parsed here too), no per-node dispatch.
 */
export class VtlCompiler {
  private readonly macros = new Map<string, MacroDef>();
  /** Where the directive being compiled starts: nested nodes (string literals) carry no position of their own. */
  private currentPos: VtlPos | undefined;

  constructor(private readonly options: CompileOptions) {}

  compile(source: string): Renderer {
    const root = parseVtl(source);
    this.collectMacros(root);
    for (const macro of this.macros.values()) macro.body = this.block(macro.asts);
    return this.block(root);
  }

  /** Velocity registers every #macro at parse time, so a call may come before its definition. */
  private collectMacros(nodes: VtlNode[]): void {
    for (const node of nodes) {
      if (!Array.isArray(node)) continue;
      const head = node[0] as Ast;
      if (head.type === 'macro') {
        const params = (head.args ?? []).map((arg: Ast) => arg.id as string);
        this.macros.set(head.id, { params, asts: node.slice(1) });
      }
      this.collectMacros(node.slice(1));
    }
  }

  private block(nodes: VtlNode[]): Renderer {
    const parts: (string | Renderer)[] = [];
    for (const node of nodes) {
      const part = this.node(node);
      if (part === null) continue;
      const last = parts.length - 1;
      if (typeof part === 'string' && last >= 0 && typeof parts[last] === 'string') parts[last] += part;
      else parts.push(part);
    }
    if (parts.length === 0) return () => '';
    if (parts.length === 1 && typeof parts[0] === 'string') {
      const text = parts[0];
      return () => text;
    }
    return (rt) => {
      let out = '';
      for (let i = 0; i < parts.length; i++) {
        if (rt.breaking) break;
        const part = parts[i];
        if (typeof part === 'string') out += part;
        else {
          rt.step();
          out += part(rt);
        }
        if (out.length > rt.limits.maxOutputLength) rt.checkLength(out);
      }
      return out;
    };
  }

  private node(node: VtlNode): string | Renderer | null {
    if (typeof node === 'string') return node;
    if (Array.isArray(node)) return this.directiveBlock(node);
    const ast = node as Ast;
    this.currentPos = ast.pos ?? this.currentPos;
    switch (ast.type) {
      case 'references':
        return this.output(ast);
      case 'set':
        return this.set(ast);
      case 'break':
        return (rt) => {
          rt.breaking = true;
          return '';
        };
      case 'macro_call':
        return this.macroCall(ast);
      case 'comment':
        return null;
      case 'raw':
      case 'content':
        return String(ast.value);
      default:
        throw this.unsupported(ast, `#${ast.type}`);
    }
  }

  private directiveBlock(block: VtlBlock): Renderer | null {
    const head = block[0] as Ast;
    this.currentPos = head.pos ?? this.currentPos;
    switch (head.type) {
      case 'if':
        return this.ifBlock(block);
      case 'foreach':
        return this.foreach(block);
      case 'macro':
        return null;
      case 'noescape':
        return this.block(block.slice(1));
      default:
        throw this.unsupported(head, `#${head.type}`);
    }
  }

  private unsupported(ast: Ast, what: string): MappingTemplateError {
    return new MappingTemplateError(`${what} is not supported in API Gateway mapping templates`, ...position(ast.pos));
  }

  private output(ast: Ast): Renderer {
    const value = this.reference(ast);
    const absent = this.options.nullReferences === 'literal' && ast.leader !== '$!' ? getRefText(ast) : '';
    return (rt) => {
      const v = value(rt);
      if (v === null || v === undefined) return absent;
      return typeof v === 'string' ? v : javaToString(v);
    };
  }

  private reference(ast: Ast): Evaluator {
    const id: string = ast.id;
    if (ast.args !== undefined) return () => undefined; // `$foo()`: there are no global functions.
    const accessors = ((ast.path ?? []) as Ast[]).map((item) => this.accessor(item, ast));
    if (accessors.length === 0) return (rt) => rt.lookup(id);
    return (rt) => {
      let value = rt.lookup(id);
      for (let i = 0; i < accessors.length; i++) {
        if (value === null || value === undefined) return undefined;
        value = accessors[i](value, rt);
      }
      return value;
    };
  }

  private accessor(item: Ast, ref: Ast): Accessor {
    if (item.type === 'property') {
      const name: string = item.id;
      return (base) => getJavaProperty(base, name);
    }
    if (item.type === 'index') {
      const key = this.expression(item.id);
      return (base, rt) => indexOf(base, key(rt));
    }
    const name: string = item.id;
    const argAsts: Ast[] = Array.isArray(item.args) ? item.args : [];
    if (ref.id === 'input' && (name === 'json' || name === 'path') && argAsts.length === 1) {
      this.checkJsonPath(argAsts[0], ref);
    }
    const args = argAsts.map((arg) => this.expression(arg));
    const [line, column] = position(ref.pos);
    return (base, rt) => {
      rt.step();
      const values = new Array(args.length);
      for (let i = 0; i < args.length; i++) values[i] = args[i](rt);
      let result: unknown;
      try {
        result = invokeJavaMethod(base, name, values);
      } catch (err) {
        if (err instanceof MappingRuntimeError && err.line === undefined) {
          throw new MappingRuntimeError(`${err.message} in ${getRefText(ref)}`, line, column);
        }
        throw err;
      }
      if (typeof result === 'string' && result.length > rt.limits.maxOutputLength) rt.checkLength(result);
      return result === NO_SUCH_METHOD ? undefined : result;
    };
  }

  /** A literal JSONPath that can never work is a deploy-time error, as AWS refuses it when it compiles. */
  private checkJsonPath(arg: Ast, ref: Ast): void {
    if (arg.type !== 'string' || (arg.isEval && /[$#]/.test(arg.value.replace(/^\$/, '')))) return;
    try {
      compileJsonPath(arg.value);
    } catch (err) {
      if (err instanceof JsonPathError) throw new MappingTemplateError(err.message, ...position(ref.pos));
      throw err;
    }
  }

  private set(ast: Ast): Renderer {
    const [target, valueAst] = ast.equal as [Ast, Ast];
    const value = this.expression(valueAst);
    const path: Ast[] = target.path ?? [];
    const id: string = target.id;
    // Velocity 1.7: a #set whose right side is null leaves the variable as it was.
    if (path.length === 0) {
      return (rt) => {
        const v = value(rt);
        if (v !== null && v !== undefined) rt.assign(id, v);
        return '';
      };
    }
    const base = this.reference({ ...target, path: path.slice(0, -1) });
    const last = path[path.length - 1];
    if (last.type === 'method') throw this.unsupported(ast, 'Assigning to a method call');
    const key: Evaluator = last.type === 'property' ? () => last.id : this.expression(last.id);
    return (rt) => {
      const v = value(rt);
      if (v === null || v === undefined) return '';
      const object = base(rt);
      if (object !== null && object !== undefined) setMember(object, key(rt), v);
      return '';
    };
  }

  private ifBlock(block: VtlBlock): Renderer {
    const branches: { condition: Evaluator | null; body: Renderer }[] = [];
    let condition: Evaluator | null = this.expression((block[0] as Ast).condition);
    let body: VtlNode[] = [];
    for (const node of block.slice(1)) {
      const ast = node as Ast;
      if (!Array.isArray(node) && typeof node === 'object' && (ast.type === 'elseif' || ast.type === 'else')) {
        branches.push({ condition, body: this.block(body) });
        condition = ast.type === 'elseif' ? this.expression(ast.condition) : null;
        body = [];
      } else body.push(node);
    }
    branches.push({ condition, body: this.block(body) });
    return (rt) => {
      for (const branch of branches) {
        if (branch.condition === null || isTruthy(branch.condition(rt))) return branch.body(rt);
      }
      return '';
    };
  }

  private foreach(block: VtlBlock): Renderer {
    const head = block[0] as Ast;
    const variable: string = head.to;
    const source = this.expression(head.from);
    const body = this.block(block.slice(1));
    const [line, column] = position(head.pos);
    return (rt) => {
      const items = iterable(source(rt));
      if (items === undefined || items.length === 0) return '';
      const size = items.length;
      if (size > rt.limits.maxForeachIterations) {
        throw new MappingRuntimeError(`#foreach over ${size} items exceeds ${rt.limits.maxForeachIterations}`, line, column);
      }
      const state = new ForeachState(size, rt.lookup('foreach'));
      const scope: Record<string, unknown> = Object.create(null);
      scope.foreach = state;
      rt.scopes.push(scope);
      let out = '';
      try {
        for (let i = 0; i < size; i++) {
          rt.step();
          state.index = i;
          scope[variable] = items[i];
          scope.velocityCount = i + 1;
          scope.velocityHasNext = i + 1 < size;
          out += body(rt);
          if (out.length > rt.limits.maxOutputLength) rt.checkLength(out);
          if (rt.breaking) {
            rt.breaking = false;
            break;
          }
        }
      } finally {
        rt.scopes.pop();
      }
      return out;
    };
  }

  private macroCall(ast: Ast): Renderer {
    const macro = this.macros.get(ast.id);
    if (!macro) {
      // Velocity prints an unknown macro call as it was written.
      const text = getRefText(ast);
      return () => text;
    }
    const args = ((Array.isArray(ast.args) ? ast.args : []) as Ast[]).map((arg) => this.expression(arg));
    const [line, column] = position(ast.pos);
    return (rt) => {
      if (rt.macroDepth >= rt.limits.maxMacroDepth) {
        throw new MappingRuntimeError(`Macro #${ast.id} nested deeper than ${rt.limits.maxMacroDepth}`, line, column);
      }
      const scope: Record<string, unknown> = Object.create(null);
      macro.params.forEach((name, i) => (scope[name] = i < args.length ? args[i](rt) : undefined));
      rt.scopes.push(scope);
      rt.macroDepth++;
      try {
        return (macro.body as Renderer)(rt);
      } finally {
        rt.macroDepth--;
        rt.scopes.pop();
      }
    };
  }

  private expression(ast: Ast): Evaluator {
    switch (ast.type) {
      case 'references':
        return this.reference(ast);
      case 'string': {
        const text: string = ast.value;
        if (!ast.isEval || !/[$#]/.test(text)) return () => text;
        // Double-quoted strings are templates; parse them now rather than on every render.
        let render: Renderer;
        try {
          render = this.block(parseVtl(text));
        } catch (err) {
          if (err instanceof MappingTemplateError) {
            throw new MappingTemplateError(err.message.replace(/ \(line \d+, column \d+\)$/, ''), ...position(this.currentPos));
          }
          throw err;
        }
        return render;
      }
      case 'integer': {
        const n = parseInt(ast.value, 10);
        return () => n;
      }
      case 'decimal': {
        const n = parseFloat(ast.value);
        return () => n;
      }
      case 'bool': {
        const v = ast.value === 'true' ? true : ast.value === 'false' ? false : null;
        return () => v;
      }
      case 'array':
        return ast.isRange ? this.range(ast) : this.list(ast);
      case 'map': {
        const entries = Object.entries((ast.value ?? {}) as Record<string, Ast>).map(
          ([key, value]) => [key, this.expression(value)] as const,
        );
        return (rt) => {
          const map: Record<string, unknown> = {};
          for (const [key, value] of entries) setOwn(map, key, value(rt));
          return map;
        };
      }
      case 'math':
        return this.math(ast);
      default:
        throw this.unsupported(ast, `Expression type ${ast.type}`);
    }
  }

  private list(ast: Ast): Evaluator {
    const items = (ast.value as Ast[]).map((item) => this.expression(item));
    return (rt) => items.map((item) => item(rt));
  }

  private range(ast: Ast): Evaluator {
    const [from, to] = (ast.value as (Ast | string | number)[]).map((end): Evaluator => {
      if (typeof end === 'object') return this.expression(end);
      const n = Number(end);
      return () => n;
    });
    return (rt) => {
      const a = from(rt);
      const b = to(rt);
      if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) return undefined;
      const size = Math.abs(b - a) + 1;
      if (size > rt.limits.maxForeachIterations) {
        throw new MappingRuntimeError(`Range [${a}..${b}] exceeds ${rt.limits.maxForeachIterations} items`);
      }
      const out = new Array<number>(size);
      const stepBy = a <= b ? 1 : -1;
      for (let i = 0; i < size; i++) out[i] = a + i * stepBy;
      return out;
    };
  }

  private math(ast: Ast): Evaluator {
    const operands: Ast[] = ast.expression;
    const left = this.expression(operands[0]);
    if (ast.operator === 'not') return (rt) => !isTruthy(left(rt));
    if (ast.operator === 'parenthesis') return left;
    if (ast.operator === 'minus') {
      return (rt) => {
        const v = left(rt);
        return typeof v === 'number' ? -v : undefined;
      };
    }
    const right = this.expression(operands[1]);
    // Velocity divides two integers as Java ints; a decimal literal on either side makes it a double division.
    const decimal = operands.some((o) => o.type === 'decimal');
    switch (ast.operator) {
      case '&&':
        return (rt) => isTruthy(left(rt)) && isTruthy(right(rt));
      case '||':
        return (rt) => isTruthy(left(rt)) || isTruthy(right(rt));
      case '==':
        return (rt) => velocityEquals(left(rt), right(rt));
      case '!=':
        return (rt) => !velocityEquals(left(rt), right(rt));
      case '<':
      case '>':
      case '<=':
      case '>=':
        return compare(ast.operator, left, right);
      case '+':
        return (rt) => {
          const a = left(rt);
          const b = right(rt);
          if (a === null || a === undefined || b === null || b === undefined) return undefined;
          if (typeof a === 'number' && typeof b === 'number') return a + b;
          if (typeof a === 'string' || typeof b === 'string') {
            const joined = javaToString(a) + javaToString(b);
            return joined.length > rt.limits.maxOutputLength ? rt.checkLength(joined) : joined;
          }
          return undefined;
        };
      case '-':
      case '*':
      case '/':
      case '%':
        return arithmetic(ast.operator, left, right, decimal);
      default:
        throw this.unsupported(ast, `Operator ${ast.operator}`);
    }
  }
}

function compare(operator: string, left: Evaluator, right: Evaluator): Evaluator {
  // Velocity 1.7 orders numbers only; anything else compares false.
  return (rt) => {
    const a = left(rt);
    const b = right(rt);
    if (typeof a !== 'number' || typeof b !== 'number') return false;
    if (operator === '<') return a < b;
    if (operator === '>') return a > b;
    if (operator === '<=') return a <= b;
    return a >= b;
  };
}

function arithmetic(operator: string, left: Evaluator, right: Evaluator, decimal: boolean): Evaluator {
  return (rt) => {
    const a = left(rt);
    const b = right(rt);
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    if (operator === '-') return a - b;
    if (operator === '*') return a * b;
    // Velocity logs division by zero and yields null.
    if (b === 0) return undefined;
    const integers = !decimal && Number.isInteger(a) && Number.isInteger(b);
    if (operator === '/') return integers ? Math.trunc(a / b) : a / b;
    return a % b;
  };
}

function indexOf(base: unknown, key: unknown): unknown {
  if (Array.isArray(base)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    return base[key < 0 ? base.length + key : key];
  }
  if (base instanceof VtlHostObject) return base.vtlGet(javaToString(key));
  if (isJavaMap(base) && typeof key === 'string') return Object.prototype.hasOwnProperty.call(base, key) ? base[key] : undefined;
  return undefined;
}

function setMember(object: unknown, key: unknown, value: unknown): void {
  if (object instanceof VtlHostObject) {
    object.vtlSet(javaToString(key), value);
  } else if (Array.isArray(object)) {
    if (typeof key === 'number' && Number.isInteger(key) && key >= -object.length && key < object.length) {
      object[key < 0 ? object.length + key : key] = value;
    }
  } else if (isJavaMap(object)) {
    setOwn(object, javaToString(key), value);
  }
}

function iterable(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof VtlHostObject) return value.vtlValues();
  // Velocity iterates a Map's values.
  if (isJavaMap(value)) return Object.values(value);
  return undefined;
}

function position(pos: VtlPos | undefined): [number, number] {
  return [pos?.first_line ?? 0, (pos?.first_column ?? 0) + 1];
}
