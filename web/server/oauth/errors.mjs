// errors.mjs — what a provider's failure means for a connection: `final` (the provider refused:
// a 4xx, invalid_grant, access_denied) or `transient` (network error, timeout, 5xx: not the
// user's fault, try again later).

export class ProviderError extends Error {
  /**
   * `kind`: 'final' | 'transient'; `status`: the HTTP status when there was an answer; `error`,
   * `description`: the OAuth error code and error_description when the provider gave them.
   */
  constructor(kind, message, { status, error, description } = {}) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = status;
    this.error = error;
    this.description = description;
  }

  get transient() {
    return this.kind === 'transient';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The chain err, err.cause, … (bounded). */
function* chain(err) {
  for (let e = err, i = 0; e && i < 8; e = e.cause, i++) yield e;
}

/** Classifies anything openid-client or fetch threw while talking to `what` (e.g. "the token endpoint"). */
export function classify(err, what) {
  if (err instanceof ProviderError) return err;
  for (const e of chain(err)) {
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new ProviderError('transient', `${what} did not answer in time`);
    }
    if (NETWORK_CODES.has(e?.code)) return new ProviderError('transient', `${what} is unreachable (${e.code})`);
    // A 401 with a WWW-Authenticate challenge (e.g. invalid_client): its parameters say why.
    if (Array.isArray(e?.cause) && typeof e?.status === 'number' && e.cause[0]?.parameters) {
      const p = e.cause[0].parameters;
      return new ProviderError(e.status >= 500 ? 'transient' : 'final',
        `${what} answered ${e.status} ${p.error ?? e.cause[0].scheme}${p.error_description ? `: ${p.error_description}` : ''}`,
        { status: e.status, error: p.error, description: p.error_description });
    }
    // An OAuth error body: {error, error_description}, with the answer's status.
    if (typeof e?.error === 'string' && typeof e?.status === 'number') {
      const kind = e.status >= 500 ? 'transient' : 'final';
      const description = typeof e.error_description === 'string' ? e.error_description : undefined;
      return new ProviderError(kind, `${what} answered ${e.status} ${e.error}${description ? `: ${description}` : ''}`,
        { status: e.status, error: e.error, description });
    }
    // A non-conforming answer: openid-client keeps the Response as the cause.
    if (typeof Response !== 'undefined' && e instanceof Response) {
      const kind = e.status >= 500 || e.status === 429 ? 'transient' : 'final';
      return new ProviderError(kind, `${what} answered ${e.status}`, { status: e.status });
    }
  }
  const fetchFailed = [...chain(err)].some((e) => e instanceof TypeError && /fetch failed/i.test(e.message));
  if (fetchFailed) return new ProviderError('transient', `${what} is unreachable`);
  return new ProviderError('final', `${what} gave an answer that could not be used: ${err?.message ?? String(err)}`);
}
