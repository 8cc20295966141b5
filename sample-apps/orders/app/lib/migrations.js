// Migration files: <name>.up.sql / <name>.down.sql, applied in name order (the name is a timestamp).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadMigrations(dir) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.up.sql'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.up.sql'.length);
      const downFile = join(dir, `${name}.down.sql`);
      return {
        name,
        up: readFileSync(join(dir, file), 'utf8'),
        down: existsSync(downFile) ? readFileSync(downFile, 'utf8') : null,
      };
    });
}
