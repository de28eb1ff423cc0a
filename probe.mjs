import x from '@xterm/headless';
const t = new x.Terminal({cols:10,rows:3,scrollback:100,allowProposedApi:true});
const w = (d) => new Promise(r => t.write(d, r));
t.onData(d => console.log('reply', JSON.stringify(d)));
t.onScroll(n => console.log('onScroll', n));
t.onWriteParsed(() => console.log('writeParsed'));
await w('\x1b[31ma\x1b[91mb\x1b[38;5;1mc\x1b[38;2;1;2;3md\x1b[0m中😀e\u0301');
const b = t.buffer.active; const line = b.getLine(0); const cell = b.getNullCell();
console.log('nullcell same?', b.getNullCell() === cell, cell.constructor.name);
for (let i=0;i<10;i++){ line.getCell(i,cell); console.log(i, JSON.stringify(cell.getChars()), cell.getWidth(), cell.getFgColorMode(), cell.getFgColor(), cell.getCode(), cell.fg, cell.bg); }
console.log(JSON.stringify(line.translateToString(true)), line.length);
await w('\x1b[c\x1b[6n');
console.log('unicode', t.unicode.activeVersion, t.unicode.versions);
await w('\r\n1\r\n2\r\n3\r\n4\r\n5');
console.log('base', b.baseY, 'vp', b.viewportY);
t.scrollLines(-2);
console.log('after scroll base', b.baseY, 'vp', b.viewportY);
await w('\r\n6\r\n7');
console.log('after output base', b.baseY, 'vp', b.viewportY);
t.scrollLines(100);
console.log('after bottom base', b.baseY, 'vp', b.viewportY);
// width 2 at last column
await w('\x1b[2J\x1b[H123456789中');
console.log(JSON.stringify(t.buffer.active.getLine(t.buffer.active.baseY).translateToString()), t.buffer.active.cursorX, t.buffer.active.cursorY);
await w('\x1b[H1234567890');
console.log('cursorX after full line', t.buffer.active.cursorX);
