// DuckDB (@duckdb/node-api) vs the own reader on a study's mrd.csv, for docs/performance.md (issue 16). Not a dependency:
//   npm i --no-save @duckdb/node-api && npm run build && node scripts/measureDuckdb.mjs STUDY_DIR ours|duck|duck-js
import { DuckDBInstance } from '@duckdb/node-api';
const [dir, which] = process.argv.slice(2);
const t0 = performance.now();
if (which === 'ours') {
  const { readTable } = await import('../dist/pipeline/ingest/readTable.js');
  const { MRD } = await import('../dist/model/schema.js');
  const t = await readTable(dir, MRD);
  console.log(JSON.stringify({ which, rows: t.n, rejected: t.rejected.length, s: (performance.now() - t0) / 1000, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
} else {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const TYPES = { COLLDT: 'DATE', MRDLEVEL: 'DOUBLE', CELLS: 'DOUBLE', DNANG: 'DOUBLE', CLONALEV: 'DOUBLE', LOD: 'DOUBLE', RECVDTM: 'TIMESTAMP', PROCDTM: 'TIMESTAMP' };
  const { openSync, readSync } = await import('node:fs');
  const buf = Buffer.alloc(4000);
  readSync(openSync(`${dir}/mrd.csv`, 'r'), buf, 0, 4000, 0);
  const header = buf.toString('utf8').split('\n')[0].replace(/^\uFEFF/, '').trim().split(',');
  const cols = '{' + header.map((h) => `'${h}':'${TYPES[h] ?? 'VARCHAR'}'`).join(',') + '}';
  var width = header.length;
  await c.run(`create table mrd as select * from read_csv('${dir}/mrd.csv', header=true, delim=',', quote='"', escape='"', columns=${cols}, store_rejects=true)`);
  const n = (await c.runAndReadAll('select count(*)::INTEGER as n from mrd')).getRowObjectsJS()[0].n;
  const rej = (await c.runAndReadAll('select count(*)::INTEGER as n from reject_errors')).getRowObjectsJS()[0].n;
  const tRead = (performance.now() - t0) / 1000;
  let tJs = null;
  if (which === 'duck-js') {
    // the pipeline needs the columns in JavaScript: fetch them chunk by chunk
    const result = await c.stream('select * from mrd');
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.getColumns();
      rows += chunk.rowCount;
      if (columns.length !== width) throw new Error('columns');
    }
    tJs = (performance.now() - t0) / 1000;
    if (rows !== n) throw new Error('rows');
  }
  console.log(JSON.stringify({ which, rows: n, rejected: rej, readS: tRead, withJsS: tJs, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
}
