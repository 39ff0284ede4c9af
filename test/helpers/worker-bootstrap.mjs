// Worker entry point: loads the TypeScript worker through tsx (workers do not inherit loaders).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker-run.ts', import.meta.url);
