// A stand-in for the viewer's build in the report writer's tests: decodes the embedded eval the
// way the real app does and writes one line about it (as text), so a browser check can see it ran.
(async () => {
  const element = document.getElementById('assay-data');
  const binary = atob(element.textContent.replace(/\s+/g, ''));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const data = JSON.parse(await new Response(stream).text());
  const line = `rows=${data.rows.length} details=${Object.keys(data.details).length} "</script>"`;
  document.getElementById('app').textContent = line;
})();
