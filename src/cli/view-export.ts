// `assay view --export <dir> [id]`: writes the static site of a stored eval (src/viewer/report/
// export-site.ts) and says where it is. Loaded only when --export is given.

import { join } from 'node:path';
import { AssayError } from '../errors.js';
import { exportSite } from '../viewer/report/export-site.js';

export async function viewExportCommand(
  dir: string,
  ref = 'latest',
  options: { compare?: string[] } = {},
): Promise<void> {
  if (options.compare)
    throw new AssayError('USAGE', '--export writes one eval; a comparison needs `assay view --compare A B`.');
  const site = await exportSite(ref, dir);
  process.stdout.write(
    `Exported eval ${site.evalId} to ${dir} (${site.files.join(', ')}). Open ${join(dir, 'index.html')} in a browser; it needs no server.\n`,
  );
}
