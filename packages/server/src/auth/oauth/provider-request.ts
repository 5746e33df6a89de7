import { IncomingMessage } from "node:http";

/**
 * A stand-in for the caller's request carrying the rewritten form body, for oidc-provider to read:
 * Tandem has already consumed the original body to translate JSON and swap the client secret.
 */
export function formRequest(
  original: IncomingMessage,
  path: string,
  params: URLSearchParams,
): IncomingMessage {
  const body = Buffer.from(params.toString(), "utf8");
  const request = new IncomingMessage(original.socket);
  const { authorization: _replaced, "transfer-encoding": _chunked, ...headers } = original.headers;
  request.headers = {
    ...headers,
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(body.length),
  };
  request.method = "POST";
  request.url = path;
  request.httpVersion = original.httpVersion;
  request.httpVersionMajor = original.httpVersionMajor;
  request.httpVersionMinor = original.httpVersionMinor;
  // The body is all here: the socket must not be read for it, nor torn down when this stream ends.
  request._read = () => {};
  request.push(body);
  request.push(null);
  request.complete = true;
  return request;
}
