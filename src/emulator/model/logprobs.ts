// Token log-probabilities for replies that ask for them (`logprobs: true`, `top_logprobs: N`):
// the reply text cut into ~4-character tokens (as token counts assume), each with a stable
// log-probability derived from its text, so perplexity checks see the same figures every run.

import { createHash } from 'node:crypto';

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

const bytesOf = (token: string): number[] => [...Buffer.from(token, 'utf8')];

/** A log-probability in (-2.5, -0.01] that depends only on the token and its position. */
function logprobOf(token: string, position: number): number {
  const digest = createHash('sha256').update(`${position}:${token}`).digest();
  const unit = digest.readUInt16BE(0) / 0xffff;
  return -Number((0.01 + unit * 2.49).toFixed(4));
}

/** OpenAI's `choices[].logprobs.content` entries for `text`, each with `top` alternatives (the chosen token first). */
export function tokenLogprobs(text: string, top: number, offset = 0): TokenLogprob[] {
  const out: TokenLogprob[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const token = text.slice(i, i + 4);
    const logprob = logprobOf(token, offset + out.length);
    const alternatives = Array.from({ length: Math.max(0, top - 1) }, (_, k) => {
      const alt = `${token.trim() || token}${k + 1}`;
      return { token: alt, logprob: Number((logprob - (k + 1) * 0.75).toFixed(4)), bytes: bytesOf(alt) };
    });
    out.push({
      token,
      logprob,
      bytes: bytesOf(token),
      top_logprobs: top > 0 ? [{ token, logprob, bytes: bytesOf(token) }, ...alternatives] : [],
    });
  }
  return out;
}
