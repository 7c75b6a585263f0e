/**
 * A typed fake of the Kurs API for component and page tests. Handlers are registered per
 * method and path template of the generated schema, so their request and response bodies
 * are checked against `schema.d.ts`: when the API changes, these tests stop compiling.
 */
import type { components, paths } from '../lib/api/schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type MethodsOf<P extends keyof paths> = {
  [M in Method]: paths[P][M] extends undefined | never ? never : M;
}[Method];
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Responses<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of the 200/201 answer (or `undefined` for a 204). */
export type SuccessBody<P extends keyof paths, M extends Method> =
  | JsonOf<Responses<P, M>[200 & keyof Responses<P, M>]>
  | JsonOf<Responses<P, M>[201 & keyof Responses<P, M>]>
  | (204 extends keyof Responses<P, M> ? undefined : never);
export type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : undefined;

export interface FakeRequest<P extends keyof paths, M extends Method> {
  url: URL;
  /** Path parameters by name, e.g. `{ id: '3' }`. */
  params: Record<string, string>;
  body: RequestBody<P, M>;
  headers: Headers;
}

/** A full response (status, body, headers) for errors, ETags and the like. */
export class FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, body?: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** `reply(200, body, { etag: '"3"' })`: a success body with headers. */
export function reply<T>(status: number, body: T, headers: Record<string, string> = {}) {
  return new FakeResponse(status, body, headers);
}

/** A problem+json error answer. */
export function problem(
  status: number,
  code: string,
  extra: Partial<components['schemas']['Problem']> = {},
): FakeResponse {
  const body: components['schemas']['Problem'] = {
    type: `/problems/${code}`,
    title: code,
    status,
    code,
    ...extra,
  };
  return new FakeResponse(status, body, { 'content-type': 'application/problem+json' });
}

type Handler<P extends keyof paths, M extends Method> = (
  request: FakeRequest<P, M>,
) => SuccessBody<P, M> | FakeResponse | Promise<SuccessBody<P, M> | FakeResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: (request: FakeRequest<keyof paths, Method>) => unknown;
}

export interface RecordedCall {
  method: string;
  path: string;
  search: string;
  body: unknown;
  headers: Headers;
}

export class FakeApi {
  private routes: Route[] = [];
  readonly calls: RecordedCall[] = [];

  on<P extends keyof paths, M extends MethodsOf<P>>(
    method: M,
    path: P,
    handler: Handler<P, M>,
  ): this {
    const names: string[] = [];
    const pattern = new RegExp(
      '^' +
        String(path).replace(/\{(\w+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        }) +
        '$',
    );
    // Later registrations win, so a test can override a default.
    this.routes.unshift({
      method: method.toUpperCase(),
      pattern,
      names,
      handler: handler as unknown as Route['handler'],
    });
    return this;
  }

  /** The calls made to one method and path (path with ids filled in). */
  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.method === method.toUpperCase() &&
        (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  }

  fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.calls.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      body,
      headers: request.headers,
    });
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, match[i + 1] ?? '']));
      const result = await route.handler({
        url,
        params,
        body: body as never,
        headers: request.headers,
      });
      return toResponse(result);
    }
    return toResponse(problem(404, 'not_found', { detail: `${request.method} ${url.pathname}` }));
  };
}

function toResponse(result: unknown): Response {
  if (result instanceof FakeResponse) {
    if (result.status === 204 || result.body === undefined) {
      return new Response(null, { status: result.status, headers: result.headers });
    }
    return new Response(JSON.stringify(result.body), {
      status: result.status,
      headers: { 'content-type': 'application/json', ...result.headers },
    });
  }
  if (result === undefined) return new Response(null, { status: 204 });
  return new Response(JSON.stringify(result), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}
