#!/usr/bin/env node
// The `tandem` command. Runs the TypeScript sources directly through tsx.
// tsx keeps function names (esbuild's keepNames): every named closure costs an
// Object.defineProperty when it is made, about 1 µs. In code run once per row of a
// large answer, write such helpers as module functions (docs/performance.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
