#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so that an installed copy needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./index.ts');
