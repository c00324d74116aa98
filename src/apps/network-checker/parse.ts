/**
 * Parses Cisco `show interface status` output (IOS, IOS-XE, NX-OS). The header line gives the
 * column positions, but real output does not stay inside them: Speed values like `a-1000` start
 * left of the Speed header, NX-OS fills the Status column up to the Vlan value, and long
 * descriptions push or wrap the rest of a row. So a row is read as tokens: the port is the first
 * one, the status is the token nearest the Status column that is followed by a Vlan, a Duplex and
 * a Speed that look right, the name is the text between port and status, and the type is the rest.
 */

export interface CliPort {
  port: string;
  name: string;
  status: string;
  vlan: string;
  duplex: string;
  speed: string;
  type: string;
}

const HEADER = /^\s*Port\s+Name\s+Status\s+Vlan\s+Duplex\s+Speed(\s+Type)?\s*$/i;
const PORT = /^[A-Za-z][\w\-./:]*\d[\w\-./:]*$/;
const DUPLEX = /^(a-|auto-)?(full|half)$|^(auto|unknown|--|n\/a)$/i;
const SPEED = /^(a-)?\d+(\.\d+)?[MGK]?$|^(auto|unknown|--|n\/a)$/i;
const VLAN = /^(\d+|trunk|routed|unassigned|f-\w+|--|\w+)$/i;

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/\S+/g)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** One row, or null when the line is not a complete row. `statusCol` comes from the header. */
function parseRow(line: string, statusCol: number): CliPort | null {
  const t = tokens(line);
  if (t.length < 5 || line.startsWith(' ')) return null;
  const port = t[0]!;
  if (!PORT.test(port.text)) return null;
  let best: { i: number; distance: number } | null = null;
  for (let i = 1; i + 3 < t.length; i++) {
    const vlan = t[i + 1]!;
    const duplex = t[i + 2]!;
    const speed = t[i + 3]!;
    if (!/^[a-z][\w-]*$/i.test(t[i]!.text)) continue;
    if (!VLAN.test(vlan.text) || !DUPLEX.test(duplex.text) || !SPEED.test(speed.text)) continue;
    const distance = Math.abs(t[i]!.start - statusCol);
    if (!best || distance < best.distance) best = { i, distance };
  }
  if (!best) return null;
  const status = t[best.i]!;
  const speed = t[best.i + 3]!;
  return {
    port: port.text,
    // NX-OS writes `--` for no description.
    name: line.slice(port.end, status.start).trim().replace(/^--$/, ''),
    status: status.text,
    vlan: t[best.i + 1]!.text,
    duplex: t[best.i + 2]!.text,
    speed: speed.text,
    type: line.slice(speed.end).trim(),
  };
}

/** Every port row of the output; lines before the header, prompts and paging markers are ignored. */
export function parseInterfaceStatus(output: string): CliPort[] {
  const lines = output
    .replace(/\r/g, '')
    .replace(/ ?--More--\s*(\x08+\s*\x08+)?/g, '')
    .split('\n');
  const ports: CliPort[] = [];
  let statusCol = -1;
  let pending: string | null = null;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (HEADER.test(line)) {
      statusCol = line.indexOf('Status');
      pending = null;
      continue;
    }
    if (statusCol < 0) continue;
    if (line === '' || /^-+$/.test(line.trim())) {
      pending = null;
      continue;
    }
    if (pending !== null && /^\s/.test(line)) {
      // The rest of a row whose description pushed it onto the next line.
      const row = parseRow(`${pending} ${line.trim()}`, statusCol);
      if (row) {
        ports.push(row);
        pending = null;
        continue;
      }
      pending = `${pending} ${line.trim()}`;
      continue;
    }
    if (/^\s/.test(line)) {
      // A wrapped Type (narrow terminal): belongs to the previous row.
      const last = ports.at(-1);
      if (last && line.trim().split(/\s+/).length <= 3) last.type = `${last.type} ${line.trim()}`.trim();
      continue;
    }
    const row = parseRow(line, statusCol);
    if (row) {
      ports.push(row);
      pending = null;
    } else if (PORT.test(line.split(/\s+/)[0] ?? '')) {
      pending = line;
    } else {
      pending = null;
    }
  }
  return ports;
}
