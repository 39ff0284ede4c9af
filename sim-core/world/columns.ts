/**
 * Typed-array columns (structure of arrays) that grow by copying. Holders keep their columns as
 * plain fields, so hot loops index them directly (`a.x[s]`); this helper is the one place that
 * knows how to grow them.
 */
export type Column = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** The keys of `T` whose values are typed-array columns. */
export type ColumnKey<T> = { [K in keyof T]: T[K] extends Column ? K : never }[keyof T];

/** A column of the same type as `old` with `length` entries, `old`'s values first (truncated if shorter). */
export function resized<C extends Column>(old: C, length: number): C {
  const next = new (old.constructor as new (n: number) => C)(length);
  next.set(old.length <= length ? old : (old.subarray(0, length) as C));
  return next;
}

/** Replaces each named column of `holder` by a copy with `length` entries (values kept). */
export function growColumns<T extends object>(holder: T, keys: readonly ColumnKey<T>[], length: number): void {
  const h = holder as Record<ColumnKey<T>, Column>;
  for (const k of keys) h[k] = resized(h[k], length);
}

/** Replaces each named column by a fresh zeroed one with `length` entries (scratch buffers). */
export function allocateColumns<T extends object>(holder: T, keys: readonly ColumnKey<T>[], length: number): void {
  const h = holder as Record<ColumnKey<T>, Column>;
  for (const k of keys) h[k] = new (h[k].constructor as new (n: number) => Column)(length);
}

/**
 * `growColumns` for holders whose columns are private fields (not visible to the type checker):
 * fails loudly on a name that is not a typed-array column.
 */
export function growNamedColumns(holder: object, keys: readonly string[], length: number): void {
  const h = holder as Record<string, unknown>;
  for (const k of keys) {
    const col = h[k];
    if (!ArrayBuffer.isView(col)) throw new Error(`growNamedColumns: ${k} is not a typed-array column`);
    h[k] = resized(col as Column, length);
  }
}
