// The OpenAI-compatible base: providers, wire conversion and the family hooks thin providers use.

export { OpenAiCompatibleProvider, errorInSuccessBody } from './base-provider.js';
export { OpenAiChatProvider } from './chat-provider.js';
export { OpenAiCompletionProvider } from './completion-provider.js';
export { OpenAiEmbeddingProvider } from './embedding-provider.js';
export {
  OPENAI_FAMILY,
  joinUrl,
  resolveConnection,
  type ConnectionOverrides,
  type OpenAiConnection,
  type OpenAiFamily,
} from './family.js';
export { openAiConfigSchema, parseOpenAiConfig, mergePromptConfig, type OpenAiConfig } from './config.js';
export { toOpenAiMessages } from './messages.js';
export {
  toOpenAiChatBody,
  toOpenAiCompletionBody,
  toOpenAiEmbeddingBody,
  isReasoningModel,
  type ChatBodyInput,
} from './body.js';
export {
  fromOpenAiChatCompletion,
  fromOpenAiCompletion,
  fromOpenAiUsage,
  costFromConfig,
  decodeEmbedding,
} from './response.js';
export { fromOpenAiStream, type AssembledStream } from './stream.js';
export { toolCallsOutput, functionCallOutput, type ToolCallOutput } from './output-shapes.js';
export type { ChatMessage, ContentPart } from './wire.js';
