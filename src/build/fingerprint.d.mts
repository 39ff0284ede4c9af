export const ROOT: string;
export const DIST: string;
export const STAMP: string;
export function sourceFingerprint(): string;
export function engineVersion(root?: string): string;
