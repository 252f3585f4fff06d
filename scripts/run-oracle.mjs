#!/usr/bin/env node
// Regenerates the R reference fixtures: runs every test/oracle/**/*.R with Rscript, from the folder
// the script lives in, so each script writes its fixtures next to itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';

function findR(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findR(p));
    else if (name.endsWith('.R')) out.push(p);
  }
  return out;
}

const which = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
if (which.error) {
  console.error('Rscript not found: install r-base-core r-cran-survival r-cran-jsonlite to regenerate fixtures.');
  process.exit(2);
}
const only = process.argv.slice(2);
let failed = 0;
for (const script of findR('test/oracle')) {
  if (only.length && !only.some((o) => script.includes(o))) continue;
  const r = spawnSync('Rscript', ['--vanilla', basename(script)], { cwd: dirname(script), encoding: 'utf8' });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${script}`);
  if (!ok) console.log(r.stderr);
}
process.exit(failed ? 1 : 0);
