// `exec: <command>` (promptfoo's script provider): runs a local command per call and takes its
// stdout as the output. Like promptfoo, the prompt, the provider options and the call context
// are appended as the last three arguments. No shell is involved, so the prompt is never parsed.

import { execFile } from 'node:child_process';
import { ConfigError, isAbortError } from '../errors.js';
import type { CallContext, Provider, ProviderFactory, ProviderResponse } from './types.js';
import { scrubText } from '../redaction/secret-registry.js';

const DEFAULT_TIMEOUT_MS = 300_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const STDERR_SHOWN = 500;

export const create: ProviderFactory = (rest, options) => {
  const command = rest.trim();
  const argv = splitCommandLine(command);
  if (argv.length === 0) {
    throw new ConfigError(
      `Provider "${options.id}" names no command; write e.g. exec: python script.py`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  const config = options.config ?? {};
  const timeout = Number(config.timeoutMs ?? config.timeout ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new ConfigError(
      `Provider "${options.id}": config.timeoutMs must be a number of milliseconds`,
      { keyPath: 'config.timeoutMs' },
      'PROVIDER_CONFIG',
    );
  }
  const cwd = typeof config.basePath === 'string' ? config.basePath : options.basePath;
  const [file, ...args] = argv as [string, ...string[]];
  const provider: Provider = {
    id: () => options.id,
    label: options.label,
    config,
    cacheable: false,
    call: (prompt, context, signal) =>
      runCommand(
        { file, args, cwd, timeout: timeout || DEFAULT_TIMEOUT_MS, command },
        prompt,
        { config },
        context,
        signal,
      ),
  };
  return provider;
};

interface CommandSpec {
  file: string;
  args: string[];
  cwd: string;
  timeout: number;
  /** The command as written, for messages. */
  command: string;
}

function runCommand(
  spec: CommandSpec,
  prompt: string,
  providerOptions: unknown,
  context: CallContext | undefined,
  signal?: AbortSignal,
): Promise<ProviderResponse> {
  const contextArg = { vars: context?.vars ?? {}, prompt: context?.prompt };
  const args = [...spec.args, prompt, safeJson(providerOptions), safeJson(contextArg)];
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      spec.file,
      args,
      {
        cwd: spec.cwd,
        timeout: spec.timeout,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        const latencyMs = Date.now() - startedAt;
        const errText = stderr.trim();
        if (err) {
          if (signal?.aborted && isAbortError(err)) return reject(signal.reason ?? err);
          const failure = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
          if (failure.code === 'ENOENT')
            return resolve({
              error: `exec provider: command not found: ${spec.file} (from "exec: ${spec.command}", run in ${spec.cwd})`,
              latencyMs,
            });
          if (failure.killed && failure.signal === 'SIGKILL') {
            return resolve({
              error: `exec provider: "${spec.command}" timed out after ${spec.timeout} ms and was stopped; raise config.timeoutMs if it needs longer`,
              latencyMs,
            });
          }
          if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            return resolve({
              error: `exec provider: "${spec.command}" wrote more than ${MAX_OUTPUT_BYTES} bytes to stdout`,
              latencyMs,
            });
          const how =
            typeof failure.code === 'number'
              ? `exited with code ${failure.code}`
              : failure.signal
                ? `was killed by ${failure.signal}`
                : `failed: ${failure.message}`;
          return resolve({
            error: `exec provider: "${spec.command}" ${how}${errText ? `; stderr: ${shorten(errText)}` : ''}`,
            latencyMs,
          });
        }
        const output = stdout.trim();
        // As in promptfoo: stderr alone (nothing on stdout) means the script failed.
        if (!output && errText)
          return resolve({
            error: `exec provider: "${spec.command}" wrote nothing to stdout; stderr: ${shorten(errText)}`,
            latencyMs,
          });
        resolve({ output, latencyMs });
      },
    );
  });
}

/** Splits a command line into words: spaces separate, single/double quotes group, backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return '{}';
  }
}

function shorten(text: string): string {
  // Scrubbed before the cut: a secret straddling it would otherwise leak all but its tail.
  const oneLine = scrubText(text).replace(/\s+/g, ' ');
  return oneLine.length > STDERR_SHOWN ? `${oneLine.slice(0, STDERR_SHOWN - 3)}...` : oneLine;
}
