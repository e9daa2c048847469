// The tool-call output as JavaScript user code sees it. Providers return promptfoo's shape, the
// plain array of wire `tool_calls` (so `output[0].function.name` and `JSON.parse(output[0]
// .function.arguments)` work, and result files and the cache hold exactly that). The Llama API
// seed's idiom reads the first call off the output instead (`output.arguments.location`), so the
// copy handed to user code also carries non-enumerable shortcuts that JSON.stringify, Object.keys
// and array methods never see: one view serves both idioms, live or from the cache.

type Obj = Record<string, unknown>;

interface WireCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

function isWireCall(value: unknown): value is WireCall {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const fn = (value as Obj).function;
  return (
    !!fn && typeof fn === 'object' && typeof (fn as Obj).name === 'string' && typeof (fn as Obj).arguments === 'string'
  );
}

/** Parsed arguments; `{}` for an empty string; the raw text when it is not JSON. */
function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function hidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}

/** A copy of one wire call with hidden `name` and parsed `arguments`. */
function callView(call: WireCall): WireCall {
  const copy = { ...call, function: { ...call.function } };
  hidden(copy, 'name', call.function.name);
  hidden(copy, 'arguments', parseArguments(call.function.arguments));
  return copy;
}

/** Whether an output is promptfoo's tool-call array (every element a wire call). */
export function isToolCallArray(output: unknown): output is WireCall[] {
  return Array.isArray(output) && output.length > 0 && output.every(isWireCall);
}

/**
 * The array view: a real array of call copies (each with hidden `name`/`arguments`) that also has
 * the first call's `id`, `type`, `name`, `arguments`, `function` as hidden properties, plus
 * `tool_calls` (itself) and `content` (text sent beside the calls) for readers of promptfoo's
 * message-object shape.
 */
export function toolCallArrayView(calls: readonly WireCall[], content?: string): WireCall[] {
  const view = calls.map(callView);
  const first = view[0]!;
  if (first.id !== undefined) hidden(view, 'id', first.id);
  hidden(view, 'type', first.type ?? 'function');
  hidden(view, 'name', first.function.name);
  hidden(view, 'arguments', parseArguments(first.function.arguments));
  hidden(view, 'function', first.function);
  hidden(view, 'tool_calls', view);
  hidden(view, 'content', content ?? null);
  return view;
}

/**
 * A legacy function_call output `{ name, arguments: '<json>' }` with `arguments` as a String object
 * carrying the parsed fields: `JSON.parse(output.arguments)` and `output.arguments.location` both work.
 */
export function functionCallView(output: unknown): unknown {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return output;
  const { name, arguments: args } = output as Obj;
  if (typeof name !== 'string' || typeof args !== 'string' || Object.keys(output).length !== 2) return output;
  const parsed = parseArguments(args);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return output;
  // biome-ignore lint/complexity/noBannedTypes: a String object (not a primitive) can carry the parsed fields as properties
  const text = new String(args) as String & Obj;
  for (const [key, value] of Object.entries(parsed as Obj)) if (!(key in text)) text[key] = value;
  return { name, arguments: text };
}
