/**
 * BlueSky scenario files (.scn): one stack command per line, prefixed by its simulation time,
 * `HH:MM:SS.hh>CMD arg,arg ...`; `#` starts a comment; `;` separates several commands on a line.
 * Arguments are separated by commas or blanks; an empty field between two commas is an argument
 * left out (its default). As BlueSky does, commands run in file order, each once the clock reaches
 * its time (a line stamped earlier than the one before it runs right after that one).
 */
export interface ScnCommand {
  /** 1-based line in the file. */
  line: number;
  /** Time (s) the command is due, never earlier than the previous command's. */
  timeS: number;
  /** Upper-case command name. */
  name: string;
  /** Arguments as written ('' for one left out). */
  args: string[];
}

export interface ScnProblem {
  line: number;
  message: string;
}

/** Splits a command's text into its name and arguments. */
export function splitCommand(text: string): { name: string; args: string[] } {
  const trimmed = text.trim();
  const m = /^([^\s,]+)[\s,]*(.*)$/.exec(trimmed);
  if (!m) return { name: '', args: [] };
  const name = m[1].toUpperCase();
  const rest = m[2].trim();
  if (rest === '') return { name, args: [] };
  const args: string[] = [];
  for (const field of rest.split(',')) {
    const words = field.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) args.push('');
    else args.push(...words);
  }
  return { name, args };
}

/** "HH:MM:SS.hh" (also "MM:SS" or plain seconds) to seconds; NaN when malformed. */
export function parseTimestamp(text: string): number {
  const t = text.trim();
  if (!/^\d+(:\d+){0,2}(\.\d*)?$/.test(t)) return NaN;
  const parts = t.split(':').map(Number);
  let s = 0;
  for (const p of parts) s = s * 60 + p;
  return s;
}

/** Reads a scenario's text into timed commands; lines it cannot read are reported, not fatal. */
export function readScn(text: string): { commands: ScnCommand[]; problems: ScnProblem[] } {
  const commands: ScnCommand[] = [];
  const problems: ScnProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i];
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    if (line.trim() === '') continue;
    const gt = line.indexOf('>');
    if (gt < 0) {
      problems.push({ line: lineNo, message: `expected "HH:MM:SS.hh>COMMAND ...", got ${JSON.stringify(line.trim().slice(0, 60))}` });
      continue;
    }
    const t = parseTimestamp(line.slice(0, gt));
    if (!Number.isFinite(t)) {
      problems.push({ line: lineNo, message: `expected a time HH:MM:SS.hh before ">", got ${JSON.stringify(line.slice(0, gt).trim().slice(0, 40))}` });
      continue;
    }
    last = Math.max(last, t);
    for (const part of line.slice(gt + 1).split(';')) {
      const { name, args } = splitCommand(part);
      if (name) commands.push({ line: lineNo, timeS: last, name, args });
    }
  }
  return { commands, problems };
}
