import type { components } from './schema';

/** The RFC 9457 problem document every API error carries. */
export type Problem = components['schemas']['Problem'];

/** An API call that did not succeed, with the server's problem document when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** The ETag of the response, if any (a 412 does not carry one; `problem.current_version` does). */
  readonly etag: string | null;

  constructor(status: number, problem: Problem | undefined, etag: string | null = null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.etag = etag;
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

/** A network failure: the request never got an answer. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}

/**
 * Turns an openapi-fetch result into its data or a thrown [`ApiError`]. Use in query
 * functions: `unwrap(await api.GET(...))`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.error === undefined) {
    return result.data as T;
  }
  throw new ApiError(
    result.response.status,
    isProblem(result.error) ? result.error : undefined,
    result.response.headers.get('etag'),
  );
}

/** Like [`unwrap`], also returning the response's ETag (for a later `If-Match`). */
export function unwrapWithEtag<T>(result: { data?: T; error?: unknown; response: Response }): {
  data: T;
  etag: string | null;
} {
  const data = unwrap(result);
  return { data, etag: result.response.headers.get('etag') };
}

/** Per-field messages of a `422`, keyed by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem?.errors) return {};
  return Object.fromEntries(error.problem.errors.map((e) => [e.field, e.message]));
}
