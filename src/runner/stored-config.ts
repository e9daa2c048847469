// The config as the run records it (the store's start info, JSON/YAML outputs): secrets redacted
// and long text cut. Both walks copy only what they change; the cutting walk, which remembers
// every object it meets, is skipped when the plain-data walk results get (plain-result.ts) finds
// only plain objects, arrays and short text, which capValue would return as they are.

import { plainTextChars } from '../results/plain-result.js';
import { redactSecrets } from '../results/redact.js';
import { capValue } from '../results/storable.js';

export function storedConfig(config: Record<string, unknown>, maxStoredTextBytes: number): Record<string, unknown> {
  const redacted = redactSecrets(config) as Record<string, unknown>;
  // A string of n characters is at most 3n bytes of UTF-8: under a third of the cap, never cut.
  if (plainTextChars(redacted, maxStoredTextBytes / 3) >= 0) return redacted;
  return capValue(redacted, maxStoredTextBytes).value;
}
