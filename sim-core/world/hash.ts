/**
 * Small, dependency-free hashes used for the replay checksum (CRC-32, IEEE polynomial) and for
 * the engine state hash (two independent FNV-1a lanes, 64 bits in all).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Incremental 64-bit hash (two FNV-1a lanes with different offsets). */
export class StateHasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x9e3779b9;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  bytes(bytes: Uint8Array): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x01000193) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  f64(value: number): this {
    this.scratch.setFloat64(0, value, true);
    return this.bytes(new Uint8Array(this.scratch.buffer));
  }

  u32(value: number): this {
    this.scratch.setUint32(0, value >>> 0, true);
    return this.bytes(new Uint8Array(this.scratch.buffer, 0, 4));
  }

  string(text: string): this {
    return this.bytes(new TextEncoder().encode(text));
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

/** Canonical JSON: object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return '{' + keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => JSON.stringify(k) + ':' + canonicalJson((value as Record<string, unknown>)[k])).join(',') + '}';
}
