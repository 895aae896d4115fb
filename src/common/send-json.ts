import type http from 'node:http';

/**
 * Sends `json` (a whole response body) with plain `http` calls, as the requests that skip
 * Express need: the content type Express would set, `cache-control: no-store` as Apollo's
 * answers carry, and no ETag (nobody revalidates a POST, and hashing a large answer costs).
 */
export function sendJson(res: http.ServerResponse, json: string, status = 200): void {
  res.statusCode = status;
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
