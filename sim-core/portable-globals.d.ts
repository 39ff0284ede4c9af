/**
 * The only globals sim-core may use beyond ES2022: Web-standard APIs that Node (>= 18), browsers
 * and workers all provide. Only sim-core/tsconfig.json sees this file (the root config has DOM
 * and Node types, which declare them already).
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
