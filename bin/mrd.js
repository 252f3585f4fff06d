#!/usr/bin/env node
// The `mrd` command. A committed launcher (executable in git) rather than the compiled
// dist/pipeline/cli.js: tsc does not set the exec bit, and npm sets it on a bin target only if the
// file exists when it installs, so a checkout built after `npm install` got "Permission denied".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/pipeline/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`mrd: ${fileURLToPath(cli)} is not built yet: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(2);
}
const { main, exitProgram } = await import(cli.href);
exitProgram(await main(process.argv.slice(2), { program: true }));
