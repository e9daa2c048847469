// The one-time endpoint check behind isPayPerToken and aiGatewayConfig: reads the endpoint's
// description (GET /api/2.0/serving-endpoints/{name}) and reports where the declared serving mode
// or AI Gateway guardrails differ from what the workspace says. A failed check is never fatal.

import { errorMessage } from '../../errors.js';
import { httpJson } from '../transport/index.js';
import type { DatabricksAuth } from './auth.js';
import type { AiGatewayConfig } from './config.js';
import { databricksErrorEnvelope } from './errors.js';

export type ServingMode = 'pay-per-token' | 'provisioned' | 'external' | 'custom';
type PiiBehavior = 'NONE' | 'BLOCK' | 'MASK';

export interface EndpointInfo {
  servingMode: ServingMode;
  endpointType?: string;
  /** The served external provider, e.g. `openai`. */
  externalProvider?: string;
  /** undefined when the endpoint has no AI Gateway. */
  gateway?: { safety: boolean; inputPii: PiiBehavior; outputPii: PiiBehavior };
}

// The parts of a description read here, checked by hand: it is read once per provider, and building
// zod schemas for it cost more than the check itself. Other fields pass unchecked; a field read here
// with another type makes the description unexpected.
type Json = Record<string, unknown>;
interface Entity {
  foundation_model?: unknown;
  external_model?: { provider?: string };
  min_provisioned_throughput?: number;
  max_provisioned_throughput?: number;
}
interface Guard {
  safety?: boolean;
  pii?: { behavior?: string } | null;
}
interface Description {
  endpoint_type?: string;
  config?: { served_entities?: Entity[]; served_models?: Entity[] } | null;
  ai_gateway?: { guardrails?: { input?: Guard | null; output?: Guard | null } | null } | null;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const nullish = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);
const entities = (v: unknown) => Array.isArray(v) && v.every(isEntity);

function isEntity(e: unknown): boolean {
  return (
    isObject(e) &&
    optional(e.external_model, (m) => isObject(m) && optional(m.provider, isString)) &&
    optional(e.min_provisioned_throughput, isNumber) &&
    optional(e.max_provisioned_throughput, isNumber)
  );
}

function isGuard(g: unknown): boolean {
  return nullish(
    g,
    (g) =>
      isObject(g) &&
      optional(g.safety, isBoolean) &&
      nullish(g.pii, (p) => isObject(p) && optional(p.behavior, isString)),
  );
}

function isDescription(d: unknown): d is Description {
  return (
    isObject(d) &&
    optional(d.endpoint_type, isString) &&
    nullish(
      d.config,
      (c) => isObject(c) && optional(c.served_entities, entities) && optional(c.served_models, entities),
    ) &&
    nullish(
      d.ai_gateway,
      (g) => isObject(g) && nullish(g.guardrails, (r) => isObject(r) && isGuard(r.input) && isGuard(r.output)),
    )
  );
}

function pii(guard: Guard | null | undefined): PiiBehavior {
  const behavior = guard?.pii?.behavior?.toUpperCase();
  return behavior === 'BLOCK' || behavior === 'MASK' ? behavior : 'NONE';
}

/** The parts of an endpoint description that matter here; undefined for an unexpected body. */
export function fromEndpointDescription(body: unknown): EndpointInfo | undefined {
  if (!isDescription(body)) return undefined;
  const d = body;
  const entities = [...(d.config?.served_entities ?? []), ...(d.config?.served_models ?? [])];
  const external = entities.find((e) => e.external_model)?.external_model;
  let servingMode: ServingMode;
  if (d.endpoint_type === 'FOUNDATION_MODEL_API' || entities.some((e) => e.foundation_model !== undefined))
    servingMode = 'pay-per-token';
  else if (external || d.endpoint_type === 'EXTERNAL_MODEL') servingMode = 'external';
  else if (
    entities.some((e) => e.min_provisioned_throughput !== undefined || e.max_provisioned_throughput !== undefined)
  )
    servingMode = 'provisioned';
  else servingMode = 'custom';
  const guardrails = d.ai_gateway?.guardrails;
  return {
    servingMode,
    endpointType: d.endpoint_type,
    externalProvider: external?.provider,
    gateway: d.ai_gateway
      ? {
          safety: Boolean(guardrails?.input?.safety || guardrails?.output?.safety),
          inputPii: pii(guardrails?.input),
          outputPii: pii(guardrails?.output),
        }
      : undefined,
  };
}

export interface Declared {
  isPayPerToken?: boolean;
  aiGatewayConfig?: AiGatewayConfig;
}

const MODE_WORDS: Record<ServingMode, string> = {
  'pay-per-token': 'a pay-per-token Foundation Model endpoint',
  provisioned: 'a provisioned throughput endpoint',
  external: 'an external model endpoint',
  custom: 'a custom model endpoint',
};

/** Each way the endpoint differs from what the config declares, as a sentence; empty when they agree. */
export function declarationProblems(endpoint: string, declared: Declared, info: EndpointInfo): string[] {
  const problems: string[] = [];
  const actual = MODE_WORDS[info.servingMode] + (info.externalProvider ? ` (provider ${info.externalProvider})` : '');
  if (declared.isPayPerToken === true && info.servingMode !== 'pay-per-token') {
    problems.push(
      `config.isPayPerToken is true, but the workspace reports "${endpoint}" as ${actual}. Set isPayPerToken: false (or remove it) for this endpoint.`,
    );
  }
  if (declared.isPayPerToken === false && info.servingMode === 'pay-per-token') {
    problems.push(
      `config.isPayPerToken is false, but "${endpoint}" is a pay-per-token Foundation Model endpoint (workspace rate limits apply). Set isPayPerToken: true, or name your provisioned throughput endpoint instead.`,
    );
  }
  const gw = declared.aiGatewayConfig;
  if (!gw) return problems;
  const missing: string[] = [];
  const has = info.gateway;
  if (gw.enableSafety && !has?.safety) missing.push('the safety guardrail (enableSafety: true)');
  if (gw.piiHandling === 'block' && has?.inputPii !== 'BLOCK' && has?.outputPii !== 'BLOCK')
    missing.push('PII blocking (piiHandling: block)');
  if (gw.piiHandling === 'mask' && has?.inputPii !== 'MASK' && has?.outputPii !== 'MASK')
    missing.push('PII masking (piiHandling: mask)');
  if (missing.length) {
    const state = has ? 'its AI Gateway lacks' : 'it has no AI Gateway configured, so it lacks';
    problems.push(
      `config.aiGatewayConfig declares guardrails that endpoint "${endpoint}" does not have: ${state} ${missing.join(' and ')}. ` +
        `Enable them on the endpoint (Serving > ${endpoint} > AI Gateway > Guardrails, or PUT /api/2.0/serving-endpoints/${endpoint}/ai-gateway with guardrails.input.safety / guardrails.input.pii.behavior), or remove them from aiGatewayConfig.`,
    );
  }
  return problems;
}

export interface CheckOutcome {
  /** Set when the endpoint disagrees with the config: every call reports it as its error. */
  problem?: string;
  info?: EndpointInfo;
  /** Why the check could not be made (it is then skipped; calls go ahead). */
  skipped?: string;
}

/**
 * Runs the check once, on first use (or as soon as a run is known to call the endpoint, see
 * start()), for one provider; later callers share the outcome.
 */
export class EndpointCheck {
  private outcome: Promise<CheckOutcome> | undefined;
  /** Set while a check begun by start() is under way: close() cancels it. */
  private early: AbortController | undefined;

  constructor(
    private readonly workspaceUrl: string,
    private readonly endpoint: string,
    private readonly declared: Declared,
    private readonly auth: DatabricksAuth,
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** Whether the config declares anything worth checking. */
  get needed(): boolean {
    return this.declared.isPayPerToken !== undefined || this.declared.aiGatewayConfig !== undefined;
  }

  result(): Promise<CheckOutcome> {
    // A call now waits for it: it is no longer only begun early, and close() must leave it be.
    this.early = undefined;
    this.outcome ??= this.run();
    return this.outcome;
  }

  /**
   * Begins the check ahead of the first call, so its request overlaps the run's set-up instead of
   * delaying the first call. Only for a run known to call the endpoint: it sends a request.
   */
  start(): void {
    if (!this.needed || this.outcome) return;
    const early = new AbortController();
    this.early = early;
    this.outcome = this.run(early.signal).finally(() => {
      if (this.early === early) this.early = undefined;
    });
  }

  /**
   * Cancels a check begun by start() that no call has waited for (the run ended first, e.g. on an
   * error), so it never keeps the process waiting; a later call would run it afresh.
   */
  close(): void {
    if (!this.early) return;
    this.early.abort();
    this.early = undefined;
    this.outcome = undefined;
  }

  private async run(signal?: AbortSignal): Promise<CheckOutcome> {
    try {
      const reply = await httpJson(
        { url: `${this.workspaceUrl}/api/2.0/serving-endpoints/${encodeURIComponent(this.endpoint)}`, method: 'GET' },
        {
          auth: this.auth.forRequest(),
          timeoutMs: 30_000,
          errorEnvelope: databricksErrorEnvelope,
          secrets: this.auth.secrets,
          env: this.env,
          signal,
        },
      );
      const info = fromEndpointDescription(reply.body);
      if (!info) return { skipped: 'the endpoint description had an unexpected shape' };
      const problems = declarationProblems(this.endpoint, this.declared, info);
      return { info, ...(problems.length ? { problem: `Databricks endpoint check: ${problems.join(' ')}` } : {}) };
    } catch (err) {
      return { skipped: `could not read the endpoint description: ${errorMessage(err)}` };
    }
  }
}
