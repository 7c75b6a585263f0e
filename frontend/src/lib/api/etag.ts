/**
 * The ETag of a resource version as Kurs sends it (`"v7"`, see docs/API.md). Lists carry
 * `version` but no ETag header per item; this turns the version the user saw into the
 * `If-Match` value for changing that item.
 */
export function etagOf(version: number): string {
  return `"v${version}"`;
}
