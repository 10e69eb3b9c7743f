#!/usr/bin/env node
// The installed entry: runs the compiled shell, bundled into one file (npm start builds it first).
import '../dist/src/cli.bundle.js';
