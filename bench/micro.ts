import b from 'benny';
import { crc32 } from '../sim-core/index.ts';

/** CRC-32 (table-driven, used for replays) against the bit-by-bit textbook version. */
function crc32Bitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export async function micro(): Promise<Record<string, number | string>[]> {
  const data = new Uint8Array(1 << 20);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  if (crc32(data) !== crc32Bitwise(data)) throw new Error('crc32 implementations disagree');
  const summary = await b.suite(
    'crc32 over 1 MiB',
    b.add('table-driven (sim-core)', () => crc32(data)),
    b.add('bitwise baseline', () => crc32Bitwise(data)),
    b.cycle(),
    b.complete(),
  );
  return summary.results.map((r) => ({ case: `crc32 1 MiB: ${r.name}`, ops_per_s: Math.round(r.ops), mib_per_s: Math.round(r.ops), margin_pct: r.margin }));
}
