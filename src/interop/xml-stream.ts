import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { InputFileError } from '../io.ts';

/** One element as the stream reader hands it over: name, attributes, the line it starts on. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  line: number;
}

export interface XmlHandlers {
  open(el: XmlElement, depth: number): void;
  close?(name: string, depth: number): void;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams an XML file through saxes in 1 MB chunks (memory bounded by the caller's state, not the
 * file's size). Malformed XML and a missing or unreadable file become an InputFileError naming
 * the file and line.
 */
export function streamXml(file: string, handlers: XmlHandlers): void {
  let fd: number;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputFileError(file, null, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parser = new SaxesParser({ position: true });
  let depth = 0;
  let failure: Error | null = null;
  parser.on('opentag', (node) => {
    if (failure) return;
    try {
      handlers.open({ name: node.name, attributes: node.attributes as Record<string, string>, line: parser.line }, depth);
    } catch (e) {
      failure = e as Error;
    }
    if (!node.isSelfClosing) depth++;
    else handlers.close?.(node.name, depth);
  });
  parser.on('closetag', (node) => {
    if (failure) return;
    if (!node.isSelfClosing) depth--;
    else return;
    try {
      handlers.close?.(node.name, depth);
    } catch (e) {
      failure = e as Error;
    }
  });
  parser.on('error', (e) => {
    failure ??= new InputFileError(file, parser.line, `not well-formed XML: ${e.message.replace(/^(.*?:)?\d+:\d+: /, '')}`);
  });
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      parser.write(decoder.decode(buf.subarray(0, n), { stream: true }));
      if (failure) throw failure;
    }
    parser.write(decoder.decode());
    parser.close();
    if (failure) throw failure;
  } finally {
    closeSync(fd);
  }
}

/** Reads attribute `name` of `el` as a finite number (or `dflt` when absent); bad values name the file, line and field. */
export function numberAttr(file: string, el: XmlElement, name: string, dflt?: number, check?: (n: number) => boolean, expected = 'a number'): number {
  const text = el.attributes[name];
  if (text === undefined || text === '') {
    if (dflt !== undefined) return dflt;
    throw new InputFileError(file, el.line, `<${el.name}${idOf(el)}> attribute "${name}": missing, expected ${expected}`);
  }
  const n = Number(text);
  if (!Number.isFinite(n) || (check && !check(n))) throw new InputFileError(file, el.line, `<${el.name}${idOf(el)}> attribute "${name}": expected ${expected}, got "${clip(text)}"`);
  return n;
}

/** Attribute `name` of `el` as text, required. */
export function textAttr(file: string, el: XmlElement, name: string): string {
  const text = el.attributes[name];
  if (text === undefined || text === '') throw new InputFileError(file, el.line, `<${el.name}${idOf(el)}> attribute "${name}": missing`);
  return text;
}

export function idOf(el: XmlElement): string {
  return el.attributes.id !== undefined ? ` id="${clip(el.attributes.id)}"` : '';
}

/** Long user text is cut in messages (ids of 10,000 characters must not flood the terminal). */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
