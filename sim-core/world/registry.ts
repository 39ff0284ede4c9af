/**
 * One registry per family (routing policies, resolvers, broad phases, junction managers,
 * car-following models): the only list of the family's members. Schema enums, CLI choices and
 * help text are generated from it, and an unknown name is an error that lists the known ones.
 */
export interface RegistryEntry<T> {
  value: T;
  /** One line for `--help` and the README. */
  description: string;
}

export class Registry<T> {
  /** Member names in registration order (the order help text lists them). */
  readonly names: readonly [string, ...string[]];

  constructor(readonly family: string, private readonly entries: Readonly<Record<string, RegistryEntry<T>>>) {
    const names = Object.keys(entries);
    if (names.length === 0) throw new Error(`registry ${family}: no members`);
    this.names = names as [string, ...string[]];
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.entries, name);
  }

  /** The member called `name`; throws an error naming the known members otherwise. */
  get(name: string): T {
    if (!this.has(name)) throw new Error(this.unknownMessage(name));
    return this.entries[name].value;
  }

  /** `expected a <family>: a, b, c` */
  expected(): string {
    return `expected a ${this.family}: ${this.names.join(', ')}`;
  }

  unknownMessage(name: string): string {
    const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
    return `unknown ${this.family} "${shown}": ${this.expected()}`;
  }

  /** `a|b|c` for usage lines. */
  choices(): string {
    return this.names.join('|');
  }

  /** Indented `name  description` lines for help text. */
  helpLines(indent = '  '): string {
    const width = Math.max(...this.names.map((n) => n.length));
    return this.names.map((n) => `${indent}${n.padEnd(width)}  ${this.entries[n].description}`).join('\n');
  }
}
