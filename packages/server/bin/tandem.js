#!/usr/bin/env node
// The operator's command line; `npm run build` (or `npm start`) compiles what it runs.
import("../dist/cli/main.js");
