/**
 * A parser for the subset of Go's text/template the chart's templates use: text, actions with
 * trim markers, comments, pipelines, variables, `if`/`else if`/`else`, `range`, `with`, `define`.
 * Anything else is refused with an error, never guessed at.
 */

export type Operand =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'field'; path: readonly string[] }
  | { kind: 'variable'; name: string; path: readonly string[] }
  | { kind: 'function'; name: string }
  | { kind: 'pipeline'; pipeline: Pipeline };

export interface Pipeline {
  /** `$x :=` or `$k, $v :=`. */
  readonly declare: readonly string[];
  readonly commands: readonly (readonly Operand[])[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline }
  | { kind: 'if'; branches: ReadonlyArray<{ pipeline: Pipeline; body: Node[] }>; otherwise: Node[] }
  | Block;

/** `range` or `with`: a body, and what runs instead when the pipeline is empty. */
export interface Block {
  readonly kind: 'range' | 'with';
  readonly pipeline: Pipeline;
  readonly body: Node[];
  readonly otherwise: Node[];
}

export interface ParsedTemplate {
  readonly body: Node[];
  readonly defines: ReadonlyMap<string, Node[]>;
}

interface RawAction {
  readonly text: string;
}

const ACTION = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;

/** Splits a template into text and actions, applying the trim markers (`{{- ` and ` -}}`). */
function lex(source: string): Array<string | RawAction> {
  const items: Array<string | RawAction> = [];
  let last = 0;
  let trimNext = false;
  for (const match of source.matchAll(ACTION)) {
    let text = source.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (match[1]) text = text.replace(/\s+$/, '');
    if (text) items.push(text);
    const body = match[2]!.trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) items.push({ text: body });
    trimNext = Boolean(match[3]);
    last = match.index + match[0].length;
  }
  const rest = trimNext ? source.slice(last).replace(/^\s+/, '') : source.slice(last);
  if (rest) items.push(rest);
  return items;
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|((?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)|([A-Za-z_][A-Za-z0-9_]*)|(:=|[()|,=]))/y;

type Token = { type: 'operand'; operand: Operand } | { type: 'punct'; value: string } | { type: 'word'; value: string };

function tokenize(action: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < action.length) {
    if (/^\s*$/.test(action.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(action);
    if (!m) throw new Error(`Unsupported template syntax at "${action.slice(start)}"`);
    const [, quoted, raw, number, variable, field, word, punct] = m;
    if (quoted !== undefined) tokens.push({ type: 'operand', operand: { kind: 'literal', value: JSON.parse(quoted) as string } });
    else if (raw !== undefined) tokens.push({ type: 'operand', operand: { kind: 'literal', value: raw.slice(1, -1) } });
    else if (number !== undefined) tokens.push({ type: 'operand', operand: { kind: 'literal', value: Number(number) } });
    else if (variable !== undefined) {
      const [name, ...path] = variable.split('.');
      tokens.push({ type: 'operand', operand: { kind: 'variable', name: name!, path } });
    } else if (field !== undefined) {
      tokens.push({ type: 'operand', operand: { kind: 'field', path: field === '.' ? [] : field.slice(1).split('.') } });
    } else if (word !== undefined) tokens.push({ type: 'word', value: word });
    else tokens.push({ type: 'punct', value: punct! });
  }
  return tokens;
}

const LITERAL_WORDS: Readonly<Record<string, boolean | null>> = { true: true, false: false, nil: null };

function parsePipeline(tokens: Token[]): Pipeline {
  let at = 0;
  const declare: string[] = [];
  const assign = tokens.findIndex((t) => t.type === 'punct' && t.value === ':=');
  if (assign >= 0) {
    for (const token of tokens.slice(0, assign)) {
      if (token.type === 'operand' && token.operand.kind === 'variable' && token.operand.path.length === 0) declare.push(token.operand.name);
      else if (!(token.type === 'punct' && token.value === ',')) throw new Error('Unsupported declaration');
    }
    at = assign + 1;
  }
  const parseCommands = (): Operand[][] => {
    const commands: Operand[][] = [[]];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.type === 'punct' && token.value === ')') return commands;
      if (token.type === 'punct' && token.value === '|') commands.push([]);
      else if (token.type === 'punct' && token.value === '(') commands.at(-1)!.push({ kind: 'pipeline', pipeline: { declare: [], commands: parseCommands() } });
      else if (token.type === 'operand') commands.at(-1)!.push(token.operand);
      else if (token.type === 'word') {
        commands
          .at(-1)!
          .push(Object.hasOwn(LITERAL_WORDS, token.value) ? { kind: 'literal', value: LITERAL_WORDS[token.value] as boolean | null } : { kind: 'function', name: token.value });
      } else throw new Error(`Unexpected "${token.value}"`);
    }
    return commands;
  };
  const commands = parseCommands();
  if (at < tokens.length || commands.some((command) => command.length === 0)) throw new Error('Malformed pipeline');
  return { declare, commands };
}

/** Parses a template source into its body and the templates it defines. */
export function parseTemplate(source: string): ParsedTemplate {
  const items = lex(source);
  const defines = new Map<string, Node[]>();
  let at = 0;
  // Parses nodes up to an `else`/`end` (returned) or the end of the source (undefined).
  const parseList = (into: Node[]): string | undefined => {
    while (at < items.length) {
      const item = items[at++]!;
      if (typeof item === 'string') {
        into.push({ kind: 'text', text: item });
        continue;
      }
      const [keyword = '', ...rest] = item.text.split(/\s+/);
      const tail = item.text.slice(keyword.length).trim();
      if (keyword === 'end' || keyword === 'else') return item.text;
      if (keyword === 'if') into.push(parseIf(tail));
      else if (keyword === 'range' || keyword === 'with') {
        const node: Block = { kind: keyword, pipeline: parsePipeline(tokenize(tail)), body: [], otherwise: [] };
        const stop = parseList(node.body);
        expectEnd(stop === 'else' ? parseList(node.otherwise) : stop);
        into.push(node);
      } else if (keyword === 'define') {
        const body: Node[] = [];
        expectEnd(parseList(body));
        defines.set(JSON.parse(rest.join(' ')) as string, body);
      } else if (['template', 'block', 'break', 'continue'].includes(keyword)) throw new Error(`Unsupported action "${keyword}"`);
      else into.push({ kind: 'action', pipeline: parsePipeline(tokenize(item.text)) });
    }
    return undefined;
  };
  const parseIf = (condition: string): Node => {
    const branches = [{ pipeline: parsePipeline(tokenize(condition)), body: [] as Node[] }];
    const otherwise: Node[] = [];
    for (;;) {
      const stop = parseList(branches.at(-1)!.body);
      if (stop?.startsWith('else if ')) {
        branches.push({ pipeline: parsePipeline(tokenize(stop.slice('else if '.length))), body: [] });
        continue;
      }
      if (stop === 'else') expectEnd(parseList(otherwise));
      else expectEnd(stop);
      return { kind: 'if', branches, otherwise };
    }
  };
  const body: Node[] = [];
  const stray = parseList(body);
  if (stray !== undefined) throw new Error(`Unexpected {{ ${stray} }}`);
  return { body, defines };
}

function expectEnd(stop: string | undefined): void {
  if (stop !== 'end') throw new Error(`Expected {{ end }}, found ${stop === undefined ? 'the end of the template' : `{{ ${stop} }}`}`);
}
