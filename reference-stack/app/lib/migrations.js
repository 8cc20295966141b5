// Reads migrations/NNNN_name.up.sql / .down.sql from disk, sorted by version.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;

export function loadMigrations(dir) {
  const byVersion = new Map();
  for (const file of readdirSync(dir)) {
    const m = FILE.exec(file);
    if (!m) continue;
    const version = Number(m[1]);
    const entry = byVersion.get(version) ?? { version, name: m[2] };
    if (entry.name !== m[2]) throw new Error(`migration ${m[1]} has two names: ${entry.name} and ${m[2]}`);
    entry[m[3]] = readFileSync(join(dir, file), 'utf8');
    byVersion.set(version, entry);
  }
  const all = [...byVersion.values()].sort((a, b) => a.version - b.version);
  const noUp = all.find((m) => !m.up);
  if (noUp) throw new Error(`migration ${noUp.version} (${noUp.name}) has no .up.sql file`);
  return all;
}
