import xtermHeadless from '@xterm/headless';
import { rowToAnsi } from './src/terminal/rowToAnsi.js';
const { Terminal } = xtermHeadless;
const cols = 200, rows = 50;
for (const kind of ['colour', 'plain', 'cjk', 'blank']) {
  const t = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  let data = '';
  for (let y = 0; y < rows; y++) {
    let line = '';
    for (let x = 0; x < cols / 10; x++) {
      if (kind === 'colour') line += `\x1b[${31 + ((x + y) % 7)}m${x % 3 ? '\x1b[1m' : '\x1b[22m'}wor\x1b[38;5;208mxx\x1b[0m ${x}`;
      else if (kind === 'cjk') line += '中文字符ab';
      else if (kind === 'plain') line += 'plain text';
    }
    data += line + (y < rows - 1 ? '\r\n' : '');
  }
  await new Promise<void>((r) => t.write(data, r));
  const buf = t.buffer.active; const cell = buf.getNullCell();
  let total = 0;
  for (let i = 0; i < 300; i++) for (let y = 0; y < rows; y++) total += rowToAnsi(buf.getLine(buf.viewportY + y), cols, cell).length;
  const n = 1000; const start = performance.now();
  for (let i = 0; i < n; i++) for (let y = 0; y < rows; y++) total += rowToAnsi(buf.getLine(buf.viewportY + y), cols, cell).length;
  process.stdout.write(`${kind} ${((performance.now() - start) / n).toFixed(3)} ms/screen, ${total / (n + 300) / rows | 0} chars/row\n`);
}
