// `assay view --export <dir> [id]`: writes the static site of a stored eval (src/viewer/report/
// export-site.ts) and says where it is. Loaded only when --export is given.

import { join } from 'node:path';
import { exportSite } from '../viewer/report/export-site.js';

export async function viewExportCommand(dir: string, ref = 'latest'): Promise<void> {
  const site = await exportSite(ref, dir);
  process.stdout.write(
    `Exported eval ${site.evalId} to ${dir}/ (${site.files.length} files). Open ${join(dir, 'index.html')} in a browser; it needs no server.\n`,
  );
}
