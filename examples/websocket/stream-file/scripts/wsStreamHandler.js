// streamResponse handlers for the /chunks stream: concatenate {"type":"chunk"} texts until {"type":"done"}.

function concatenateChunks(accumulator, data) {
  const msg = typeof data.data === 'string' ? JSON.parse(data.data) : data.data;
  const previous = typeof accumulator?.output === 'string' ? accumulator.output : '';
  if (msg?.type === 'chunk' && typeof msg.text === 'string') return [{ output: previous + msg.text }, false];
  if (msg?.type === 'done') return [{ output: previous }, true];
  return [accumulator, false];
}

export default concatenateChunks;

// The named export is used by `file://scripts/wsStreamHandler.js:myHandler`.
export function myHandler(accumulator, data, context) {
  return concatenateChunks(accumulator, data, context);
}
