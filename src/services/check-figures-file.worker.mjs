// A worker thread's entry point: tsx compiles the TypeScript it loads, as bin/scorecard.js does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./check-figures-file.worker.ts');
