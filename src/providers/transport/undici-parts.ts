// The parts of undici the transport uses, the keep-alive Agent, the proxy-aware agent and the
// `request` API, loaded by path. undici's index also builds fetch, WebSocket, cookies, caches and
// mock agents: about 1 MB of code whose loading was a sixth of a one-test eval's start-up.

import AgentClass from 'undici/lib/dispatcher/agent.js';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentClass from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import api from 'undici/lib/api/index.js';

// What undici's index does: every dispatcher gets the API methods (`request`; the proxy agent uses `connect`).
Object.assign(DispatcherClass.prototype, api);

// Typed by undici's own declarations, so the emitted .d.ts names nothing but 'undici'.
export const Agent: typeof import('undici').Agent = AgentClass;
export const EnvHttpProxyAgent: typeof import('undici').EnvHttpProxyAgent = EnvHttpProxyAgentClass;
