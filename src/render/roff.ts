// A small reader of the man(7) macros our pages use, for machines without man(1):
// .TH .SH .SS .PP .LP .P .TP .IP .RS .RE .B .I .BR .IR .RB .RI .BI .IB .nf .fi .br .sp

function inline(s: string): string {
  return s
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\f\(\w\w/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\e/g, '\\')
    .replace(/\\\(em/g, '--')
    .replace(/\\&/g, '')
    .replace(/\\ /g, ' ')
    .replace(/\\\|/g, '');
}

function args(rest: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|(\S+)/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return out;
}

function wrap(text: string, indent: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent + line.length + 1 + w.length > width) {
      lines.push(' '.repeat(indent) + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}

export function roffToText(src: string, width = 80): string[] {
  const out: string[] = [];
  let para: string[] = [];
  let indent = 7;
  let base = 7;
  let nofill = false;
  let tag: string | null = null;
  let expectTag = false;
  const flush = () => {
    const text = para.join(' ');
    para = [];
    if (tag !== null) {
      const t = tag;
      tag = null;
      if (t.length < indent - base - 1) {
        const body = wrap(text, indent, width);
        const first = body[0] ?? '';
        out.push(' '.repeat(base) + t + first.slice(base + t.length));
        out.push(...body.slice(1));
        return;
      }
      out.push(' '.repeat(base) + t);
    }
    if (text.trim()) out.push(...wrap(text, indent, width));
  };
  for (const raw of src.split('\n')) {
    if (raw.startsWith('.\\"') || raw.startsWith('\'\\"')) continue;
    if (!raw.startsWith('.')) {
      if (expectTag) {
        tag = inline(raw);
        expectTag = false;
      } else if (nofill) out.push(' '.repeat(indent) + inline(raw));
      else para.push(inline(raw));
      continue;
    }
    const m = /^\.(\S+)\s*(.*)$/.exec(raw);
    if (!m) continue;
    const [, mac, rest] = m as unknown as [string, string, string];
    const a = args(rest);
    switch (mac) {
      case 'TH':
        out.push(`${a[0]}(${a[1]})`.padEnd(width - `${a[0]}(${a[1]})`.length) + `${a[0]}(${a[1]})`, '');
        break;
      case 'SH':
      case 'SS':
        flush();
        if (out.length && out[out.length - 1] !== '') out.push('');
        out.push((mac === 'SS' ? '   ' : '') + inline(a.join(' ')));
        indent = base = 7;
        break;
      case 'PP':
      case 'LP':
      case 'P':
      case 'sp':
        flush();
        indent = base;
        out.push('');
        break;
      case 'br':
        flush();
        break;
      case 'TP':
      case 'IP':
        flush();
        out.push('');
        indent = base + 7;
        tag = mac === 'IP' ? inline(a[0] ?? '') : null;
        expectTag = mac === 'TP';
        break;
      case 'RS':
        flush();
        base += 7;
        indent = base;
        break;
      case 'RE':
        flush();
        base = Math.max(7, base - 7);
        indent = base;
        break;
      case 'nf':
        flush();
        nofill = true;
        break;
      case 'fi':
        nofill = false;
        break;
      default:
        if (/^[BI]$|^[BIR][BIR]$/.test(mac)) {
          const text = inline(mac.length === 1 ? a.join(' ') : a.join(''));
          if (expectTag) {
            tag = text;
            expectTag = false;
          } else if (nofill) out.push(' '.repeat(indent) + text);
          else para.push(text);
        }
    }
  }
  flush();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}
