/**
 * Run-time configuration. The API base URL comes from `VITE_API_BASE_URL` at build time;
 * empty (the default) means the same origin that served the app, which is how the `kurs`
 * binary serves it. Set it to deploy the SPA on a static host against a Kurs API elsewhere
 * (the API's CORS allow-list must then name this app's origin).
 */
export function apiBaseUrl(): string {
  const configured = (import.meta.env.VITE_API_BASE_URL as string | undefined)?.trim() ?? '';
  // openapi-fetch needs an absolute URL (also under jsdom); strip a trailing slash because
  // the generated paths start with one.
  const base = configured === '' ? window.location.origin : configured;
  return new URL(base, window.location.origin).toString().replace(/\/$/, '');
}

/** Whether the API lives on another origin (then cookies need `credentials: 'include'`). */
export function isCrossOrigin(baseUrl: string): boolean {
  return new URL(baseUrl).origin !== window.location.origin;
}
