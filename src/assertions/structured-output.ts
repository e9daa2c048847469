// JSON-schema replies are kept as JSON text (so `JSON.parse(output)` works, as the Llama seed
// writes it), while promptfoo-style checks read fields straight off the output (`output.rating`).
// For JavaScript checks only, the text is handed over as a String object that also carries the
// parsed fields, so both styles pass on the same reply. Stored results keep the plain string.

export function outputForScripts(output: unknown, metadata: Record<string, unknown> | undefined): unknown {
  const parsed = metadata?.parsedOutput;
  if (typeof output !== 'string' || !parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return output;
  const text = new String(output) as String & Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    // Never shadow String's own members (length, includes, ...): text checks must keep working.
    if (!(key in text)) text[key] = value;
  }
  return text;
}
