// Answers one Databricks invocation: body checks as the real endpoints make them (fields per
// task, rejected OpenAI extras, usage_context), AI Gateway guardrails, then the emulated model.

import { respondChat, respondCompletion, type ModelReply } from '../model/respond.js';
import type { Exchange } from '../server/exchange.js';
import type { DatabricksEndpointSpec } from '../types.js';
import { parseChat, parseCompletion, parseEmbedding } from '../wire/openai-request.js';
import {
  chatChunks,
  chatCompletion,
  completionChunks,
  embeddingList,
  textCompletion,
  type ReplyOptions,
} from '../wire/openai-response.js';
import { embedAll } from '../wire/openai-serve.js';
import { applyGuardrail } from './databricks-guardrails.js';
import { dbError } from './databricks-errors.js';

/** OpenAI fields Databricks answers with `unknown field` (wire notes A1.7). */
const REJECTED = ['stream_options', 'store', 'service_tier', 'max_completion_tokens'];
const FIELDS_BY_TASK = { chat: 'messages', completions: 'prompt', embeddings: 'input' } as const;
const OTHER_INPUTS = ['messages', 'prompt', 'input', 'inputs', 'instances', 'dataframe_records', 'dataframe_split'];

export async function serveInvocation(
  ex: Exchange,
  spec: DatabricksEndpointSpec,
  body: Record<string, unknown>,
): Promise<void> {
  const fail = (status: number, code: string, message: string) => {
    const r = dbError(status, code, message);
    ex.sendJson(r.status, r.body);
  };
  const unknownField =
    REJECTED.find((f) => f in body) ?? OTHER_INPUTS.find((f) => f in body && f !== FIELDS_BY_TASK[spec.task]);
  if (unknownField) return fail(400, 'BAD_REQUEST', `Bad request: json: unknown field "${unknownField}"`);
  if (!(FIELDS_BY_TASK[spec.task] in body))
    return fail(
      400,
      'BAD_REQUEST',
      `Bad request: the field "${FIELDS_BY_TASK[spec.task]}" is required for ${spec.task} endpoints.`,
    );
  const uc = body.usage_context;
  if (
    uc !== undefined &&
    (typeof uc !== 'object' || uc === null || Array.isArray(uc) || Object.values(uc).some((v) => typeof v !== 'string'))
  ) {
    return fail(400, 'INVALID_PARAMETER_VALUE', 'usage_context must be a map of string keys to string values.');
  }
  if (!(await ex.admit())) return;
  const headers = { 'served-model-name': spec.model ?? spec.name };
  const guard = spec.aiGateway?.guardrails;
  const model = spec.name;

  if (spec.task === 'embeddings') {
    const p = parseEmbedding(body);
    if (!p.ok) return fail(400, 'INVALID_PARAMETER_VALUE', `Invalid input: ${p.message}`);
    const texts = Array.isArray(p.value.input) ? p.value.input : [p.value.input];
    const g = applyGuardrail(guard?.input, texts, 'Input');
    if (g.blocked) return fail(400, 'BAD_REQUEST', g.reason);
    const { vectors, tokens } = embedAll(g.texts, spec.dimensions ?? 1024);
    return ex.sendJson(200, { id: `emb-${Date.now()}`, ...embeddingList(model, vectors, tokens) }, headers);
  }

  let reply: ModelReply;
  let stream: boolean;
  let options: ReplyOptions = {};
  if (spec.task === 'completions') {
    const p = parseCompletion(body);
    if (!p.ok) return fail(400, 'INVALID_PARAMETER_VALUE', `Invalid prompt: ${p.message}`);
    const prompts = Array.isArray(p.value.prompt) ? p.value.prompt : [p.value.prompt];
    const g = applyGuardrail(guard?.input, prompts, 'Input');
    if (g.blocked) return fail(400, 'BAD_REQUEST', g.reason);
    reply = respondCompletion(g.texts.join('\n'), p.value.max_tokens, p.value.stop ?? undefined);
    stream = p.value.stream === true;
  } else {
    const p = parseChat(body);
    if (!p.ok) return fail(400, 'INVALID_PARAMETER_VALUE', `Invalid messages: ${p.message}`);
    const input = p.value.input;
    if (input.messages.some((m) => m.images.length > 0) && !spec.vision) {
      return fail(400, 'INVALID_PARAMETER_VALUE', `Endpoint '${spec.name}' does not support image inputs.`);
    }
    const g = applyGuardrail(
      guard?.input,
      input.messages.map((m) => m.text),
      'Input',
    );
    if (g.blocked) return fail(400, 'BAD_REQUEST', g.reason);
    reply = respondChat({ ...input, messages: input.messages.map((m, i) => ({ ...m, text: g.texts[i] ?? m.text })) });
    stream = p.value.stream;
    options = { topLogprobs: p.value.topLogprobs, legacyFunctions: p.value.legacyFunctions };
  }
  if (reply.text !== null) {
    const out = applyGuardrail(guard?.output, [reply.text], 'Output');
    if (out.blocked) return fail(400, 'BAD_REQUEST', out.reason);
    reply = { ...reply, text: out.texts[0] ?? reply.text };
  }
  if (spec.task === 'completions') {
    if (stream) return ex.sendSse([...completionChunks(model, reply).map((c) => JSON.stringify(c)), '[DONE]'], headers);
    return ex.sendJson(200, textCompletion(model, reply), headers);
  }
  if (stream)
    return ex.sendSse([...chatChunks(model, reply, false, options).map((c) => JSON.stringify(c)), '[DONE]'], headers);
  ex.sendJson(200, chatCompletion(model, reply, options), headers);
}
