#!/usr/bin/env node
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`error: the preview failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
