#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step.
import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`antoan needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npm start, npx antoan), which uses the node@24 package installed with the project.\n`);
  process.exit(1);
}
register();
await import('../src/main.ts');
