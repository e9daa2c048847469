// Databricks' error envelope: {error_code, message, details: [RequestInfo]}.

import { randomUUID } from 'node:crypto';
import type { ErrorReply } from '../server/exchange.js';

export function dbError(
  status: number,
  code: string | number,
  message: string,
  headers?: Record<string, string>,
): ErrorReply {
  const details = [
    { '@type': 'type.googleapis.com/google.rpc.RequestInfo', request_id: randomUUID(), serving_data: '' },
  ];
  return { status, body: { error_code: code, message, details }, headers };
}
