/** Where a JSON text first goes wrong, and what a person should be told about it. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class Failure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const describe = (char: string | undefined): string =>
  char === undefined ? 'end of file' : char === '"' ? `'"'` : `"${char}"`;

/**
 * A strict JSON scanner that only locates the first error. JSON.parse's own
 * messages differ between Node versions and sometimes give no position at all;
 * this gives the same line, column and plain words everywhere, and names the
 * two mistakes people make most in config files: comments and trailing commas.
 */
class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  run(): void {
    this.value();
    this.space();
    if (this.pos < this.text.length) {
      this.fail(`unexpected ${describe(this.peek())} after the end of the JSON value`);
    }
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private fail(message: string, offset = this.pos): never {
    throw new Failure(offset, message);
  }

  private space(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.pos++;
      else if (char === '/' && /[/*]/.test(this.text[this.pos + 1] ?? '')) {
        this.fail('JSON does not allow comments');
      } else return;
    }
  }

  private value(): void {
    this.space();
    const char = this.peek();
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.number();
    else if (char !== undefined && /[a-z]/i.test(char)) this.literal();
    else this.fail(`unexpected ${describe(char)}; expected a value`);
  }

  private object(): void {
    this.pos++;
    this.space();
    if (this.peek() === '}') return void this.pos++;
    for (;;) {
      this.space();
      if (this.peek() !== '"') {
        if (this.peek() === '}') this.fail('JSON does not allow a comma before "}"');
        this.fail(`unexpected ${describe(this.peek())}; expected a property name in double quotes`);
      }
      this.string();
      this.space();
      if (this.peek() !== ':') this.fail(`expected ":" after the property name`);
      this.pos++;
      this.value();
      this.space();
      const next = this.peek();
      this.pos++;
      if (next === '}') return;
      if (next !== ',') {
        this.fail(
          `expected "," or "}" after a property value, found ${describe(next)}`,
          this.pos - 1,
        );
      }
    }
  }

  private array(): void {
    this.pos++;
    this.space();
    if (this.peek() === ']') return void this.pos++;
    for (;;) {
      this.space();
      if (this.peek() === ']') this.fail('JSON does not allow a comma before "]"');
      this.value();
      this.space();
      const next = this.peek();
      this.pos++;
      if (next === ']') return;
      if (next !== ',') {
        this.fail(
          `expected "," or "]" after an array element, found ${describe(next)}`,
          this.pos - 1,
        );
      }
    }
  }

  private string(): void {
    const start = this.pos++;
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '\n') this.fail('unterminated string', start);
      if (char === '"') return void this.pos++;
      if (char < ' ') this.fail('control character in a string; write it escaped, like \\t');
      if (char === '\\') {
        const escape = this.text[this.pos + 1];
        if (escape === 'u' && /^[0-9a-f]{4}$/i.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          this.pos += 6;
          continue;
        }
        if (escape === undefined || !ESCAPES.has(escape)) this.fail('invalid escape in a string');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.pos += match[0].length;
  }

  private literal(): void {
    const word = /[a-z]+/iy;
    word.lastIndex = this.pos;
    const found = word.exec(this.text)?.[0] ?? '';
    if (found !== 'true' && found !== 'false' && found !== 'null') {
      this.fail(`unexpected word "${found}"; strings need double quotes`);
    }
    this.pos += found.length;
  }
}

/** 1-based line and column of an offset, counting characters as an editor does. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    new Scanner(text).run();
    return null;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { offset: error.offset, message: error.message, ...lineAndColumn(text, error.offset) };
  }
}
