import { MappingTemplateError } from './mapping-template.errors';

/** Position jison attaches to every node; first_column is 0-based. */
export interface VtlPos {
  first_line: number;
  first_column: number;
}

/** A node of velocityjs's AST; a string is literal text, an array is a block whose first element opens it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VtlNode = string | VtlBlock | Record<string, any>;
export type VtlBlock = VtlNode[];

interface FlatNode {
  type: string;
  id?: string;
  pos?: VtlPos;
}

// velocityjs's package exports only `parse`, which silently drops text after a stray `#end` and duplicates text of
// an unclosed block. Its lexer/parser (`parse_1`) is reached by file path so we can nest blocks ourselves and refuse
// both mistakes with a location, as AWS does at deploy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grammar: { parse_1(source: string): FlatNode[] | string[] } = require(
  require.resolve('velocityjs').replace(/index\.cjs$/, 'parse/index.cjs'),
);

const OPENS_BLOCK = new Set(['if', 'foreach', 'macro', 'noescape', 'define', 'macro_body']);
const CONTINUES_IF = new Set(['elseif', 'else']);
/** Directives AWS does not offer: templates cannot load other templates. */
const REFUSED_DIRECTIVES = new Set(['include', 'parse', 'evaluate']);
// Velocity eats the newline that ends a line holding only a directive; velocityjs approximates this by dropping
// blank-then-newline text right after any directive, which we keep so output matches what its users expect.
const TRIM_AFTER_DIRECTIVE = /^[ \t]*\n/;

export function parseVtl(source: string): VtlBlock {
  let flat: (FlatNode | string)[];
  try {
    flat = grammar.parse_1(source);
  } catch (err) {
    const hash = (err as { hash?: { loc?: { first_line: number; first_column: number }; line?: number } }).hash;
    const line = hash?.loc?.first_line ?? (hash?.line ?? 0) + 1;
    const column = (hash?.loc?.first_column ?? 0) + 1;
    const firstLine = String((err as Error).message).split('\n')[0].replace(/ on line \d+:?$/, '');
    throw new MappingTemplateError(`Invalid mapping template: ${firstLine}`, line, column);
  }
  for (let i = 0; i < flat.length - 1; i++) {
    const node = flat[i];
    const next = flat[i + 1];
    if (typeof node !== 'string' && node.type !== 'references' && node.type !== 'raw' && typeof next === 'string') {
      flat[i + 1] = next.replace(TRIM_AFTER_DIRECTIVE, '');
    }
  }
  return nest(flat);
}

function nest(flat: (FlatNode | string)[]): VtlBlock {
  const root: VtlBlock = [];
  const stack: VtlBlock[] = [root];
  for (const node of flat) {
    const current = stack[stack.length - 1];
    if (typeof node === 'string') {
      if (node !== '') current.push(node);
      continue;
    }
    if (node.type === 'macro_call' && node.id && REFUSED_DIRECTIVES.has(node.id)) {
      throw at(node, `#${node.id} is not supported in API Gateway mapping templates`);
    }
    if (OPENS_BLOCK.has(node.type)) {
      const block: VtlBlock = [node];
      current.push(block);
      stack.push(block);
    } else if (node.type === 'end') {
      if (stack.length === 1) throw at(node, '#end without a matching #if, #foreach, #macro or #define');
      stack.pop();
    } else if (CONTINUES_IF.has(node.type)) {
      const opener = current[0] as FlatNode | undefined;
      if (stack.length === 1 || opener?.type !== 'if') throw at(node, `#${node.type} outside an #if block`);
      current.push(node);
    } else {
      current.push(node);
    }
  }
  if (stack.length > 1) {
    const opener = stack[stack.length - 1][0] as FlatNode;
    throw at(opener, `#${opener.type} is never closed with #end`);
  }
  return root;
}

function at(node: FlatNode, message: string): MappingTemplateError {
  return new MappingTemplateError(message, node.pos?.first_line ?? 0, (node.pos?.first_column ?? 0) + 1);
}
