import { FUNCTIONS, printed, truth } from './template-functions';
import { parseTemplate, type Block, type Node, type Operand, type Pipeline } from './template-parser';

/** Variables in scope: Go's `$` and the ones declared up to the enclosing control structure's end. */
type Scope = Map<string, unknown>[];

/**
 * Templates by name, as Helm holds them: every file under its path (`tillwire/templates/x.yaml`)
 * and every `define`, shared by all files.
 */
export class TemplateSet {
  private readonly templates = new Map<string, Node[]>();

  add(name: string, source: string): this {
    const parsed = parseTemplate(source);
    this.templates.set(name, parsed.body);
    for (const [defined, body] of parsed.defines) this.templates.set(defined, body);
    return this;
  }

  render(name: string, data: unknown): string {
    const body = this.templates.get(name);
    if (!body) throw new Error(`No template named "${name}"`);
    return this.nodes(body, data, [new Map([['$', data]])]);
  }

  private nodes(nodes: readonly Node[], dot: unknown, scope: Scope): string {
    return nodes.map((node) => this.node(node, dot, scope)).join('');
  }

  private node(node: Node, dot: unknown, scope: Scope): string {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'action': {
        const value = this.pipeline(node.pipeline, dot, scope);
        return node.pipeline.declare.length > 0 ? '' : printed(value);
      }
      case 'if': {
        for (const branch of node.branches) {
          const inner = [...scope, new Map()];
          if (truth(this.pipeline(branch.pipeline, dot, inner))) return this.nodes(branch.body, dot, inner);
        }
        return this.nodes(node.otherwise, dot, [...scope, new Map()]);
      }
      case 'with': {
        const inner = [...scope, new Map()];
        const value = this.pipeline(node.pipeline, dot, inner);
        return truth(value) ? this.nodes(node.body, value, inner) : this.nodes(node.otherwise, dot, [...scope, new Map()]);
      }
      case 'range':
        return this.range(node, dot, scope);
    }
  }

  private range(node: Block, dot: unknown, scope: Scope): string {
    const { declare, commands } = node.pipeline;
    const collection = this.pipeline({ declare: [], commands }, dot, scope);
    if (!truth(collection)) return this.nodes(node.otherwise, dot, [...scope, new Map()]);
    if (typeof collection !== 'object' || collection === null) throw new Error(`range over a ${typeof collection}`);
    // Go ranges over a map in key order.
    const entries: Array<[unknown, unknown]> = Array.isArray(collection)
      ? collection.map((value, index) => [index, value])
      : Object.keys(collection).sort().map((key) => [key, (collection as Record<string, unknown>)[key]]);
    return entries
      .map(([key, value]) => {
        const names = declare.length === 1 ? [[declare[0], value]] : declare.map((name, i) => [name, i === 0 ? key : value]);
        return this.nodes(node.body, value, [...scope, new Map(names as Array<[string, unknown]>)]);
      })
      .join('');
  }

  private pipeline(pipeline: Pipeline, dot: unknown, scope: Scope): unknown {
    let value: unknown;
    pipeline.commands.forEach((command, i) => {
      value = this.command(command, dot, scope, i === 0 ? [] : [value]);
    });
    const innermost = scope.at(-1)!;
    if (pipeline.declare.length > 1) throw new Error('Two variables are declared by range only');
    if (pipeline.declare.length === 1) innermost.set(pipeline.declare[0]!, value);
    return value;
  }

  private command(command: readonly Operand[], dot: unknown, scope: Scope, piped: unknown[]): unknown {
    const [head, ...rest] = command;
    if (head?.kind !== 'function') {
      if (rest.length > 0 || piped.length > 0) throw new Error('Arguments given to a non-function');
      return this.operand(head!, dot, scope);
    }
    // and/or stop at the first operand that decides, as Go's do.
    if (head.name === 'and' || head.name === 'or') {
      const operands = [...rest.map((operand) => () => this.operand(operand, dot, scope)), ...piped.map((value) => () => value)];
      let result: unknown;
      for (const next of operands) {
        result = next();
        if (truth(result) === (head.name === 'or')) return result;
      }
      return result;
    }
    if (!Object.hasOwn(FUNCTIONS, head.name)) throw new Error(`Function "${head.name}" is not supported by this renderer`);
    const fn = FUNCTIONS[head.name]!;
    const args = [...rest.map((operand) => this.operand(operand, dot, scope)), ...piped];
    return fn(args, (name, data) => this.render(name, data));
  }

  private operand(operand: Operand, dot: unknown, scope: Scope): unknown {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'field':
        return fields(dot, operand.path, '.');
      case 'variable': {
        const frame = [...scope].reverse().find((variables) => variables.has(operand.name));
        if (!frame) throw new Error(`Undefined variable ${operand.name}`);
        return fields(frame.get(operand.name), operand.path, operand.name);
      }
      case 'pipeline':
        return this.pipeline(operand.pipeline, dot, scope);
      case 'function':
        return this.command([operand], dot, scope, []);
    }
  }
}

/** A missing key is nil; a field of nil or of a non-map is an error, as in Go. */
function fields(value: unknown, path: readonly string[], start: string): unknown {
  let current = value;
  let where = start;
  for (const name of path) {
    if (current === null || current === undefined) throw new Error(`nil pointer evaluating ${where}.${name}`);
    if (typeof current !== 'object' || Array.isArray(current)) throw new Error(`can't evaluate field ${name} in ${where}`);
    current = Object.hasOwn(current, name) ? (current as Record<string, unknown>)[name] : undefined;
    where = `${where}.${name}`.replace(/^\.\./, '.');
  }
  return current;
}
