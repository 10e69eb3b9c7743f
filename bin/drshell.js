#!/usr/bin/env node
// The installed entry: runs the compiled shell (npm start builds it first).
import '../dist/src/cli.js';
