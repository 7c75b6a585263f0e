//! The web app: the built SPA (`frontend/dist`) served at `/`, so one URL and one process
//! serve both the app and the API.
//!
//! - Release builds embed `frontend/dist` in the binary (rust-embed); debug builds read it from
//!   disk at run time, so `npm run build` is picked up without recompiling. When the folder
//!   is missing (the frontend was never built) the binary still compiles and `/` answers with
//!   a short page saying how to build it.
//! - Hashed assets under `/assets/` are cached for a year (`immutable`); `index.html` and the
//!   other unhashed files are revalidated on every use (`no-cache`, with an ETag).
//! - Unknown paths without a file extension fall back to `index.html` (client-side routes such
//!   as `/measures/12`). Paths under `/api/` and the health endpoints never do: they keep the
//!   JSON `404` problem of the API.

use std::borrow::Cow;

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};

use super::error::ApiError;

/// Cache policy of hashed, never-changing assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache policy of `index.html` and other unhashed files: always revalidate.
pub const REVALIDATE: &str = "no-cache";

const INDEX: &str = "index.html";

/// One file of the web app.
pub struct Asset {
    pub data: Cow<'static, [u8]>,
    pub content_type: String,
    /// Strong validator derived from the file's SHA-256.
    pub etag: String,
}

/// Where the files come from: the embedded build in release builds, the disk in debug
/// builds, a stub in tests.
pub trait AssetSource {
    fn get(&self, path: &str) -> Option<Asset>;
}

fn etag_of(sha256: &[u8]) -> String {
    format!("\"{}\"", hex::encode(&sha256[..16]))
}

/// Release builds: `frontend/dist` embedded at compile time. `allow_missing`: the backend
/// compiles before `npm run build` ever ran (and then serves the "not built" page).
#[cfg(not(debug_assertions))]
mod embedded {
    use rust_embed::Embed;

    use super::{Asset, AssetSource, etag_of};

    #[derive(Embed)]
    #[folder = "../frontend/dist"]
    #[allow_missing = true]
    #[exclude = ".vite/*"]
    struct WebApp;

    pub struct Embedded;

    impl AssetSource for Embedded {
        fn get(&self, path: &str) -> Option<Asset> {
            let file = WebApp::get(path)?;
            Some(Asset {
                content_type: file.metadata.mimetype().to_owned(),
                etag: etag_of(&file.metadata.sha256_hash()),
                data: file.data,
            })
        }
    }
}

/// Debug builds: `frontend/dist` read from disk on every request, so a fresh
/// `npm run build` shows without recompiling (and a binary built before the first
/// `npm run build` still finds it).
#[cfg(debug_assertions)]
mod disk {
    use std::borrow::Cow;
    use std::path::{Path, PathBuf};

    use sha2::{Digest, Sha256};

    use super::{Asset, AssetSource, etag_of};

    const DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../frontend/dist");

    pub struct Disk;

    fn content_type(path: &Path) -> &'static str {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
        {
            "html" => "text/html",
            "js" | "mjs" => "text/javascript",
            "css" => "text/css",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "ico" => "image/x-icon",
            "json" | "map" => "application/json",
            "webmanifest" => "application/manifest+json",
            "woff2" => "font/woff2",
            "txt" => "text/plain",
            _ => "application/octet-stream",
        }
    }

    impl AssetSource for Disk {
        fn get(&self, path: &str) -> Option<Asset> {
            if path.starts_with(".vite/") {
                return None;
            }
            let root: PathBuf = Path::new(DIST).canonicalize().ok()?;
            let file = root.join(path).canonicalize().ok()?;
            if !file.starts_with(&root) || !file.is_file() {
                return None;
            }
            let data = std::fs::read(&file).ok()?;
            Some(Asset {
                content_type: content_type(&file).to_owned(),
                etag: etag_of(&Sha256::digest(&data)),
                data: Cow::Owned(data),
            })
        }
    }
}

#[cfg(not(debug_assertions))]
use embedded::Embedded as WebAppSource;

#[cfg(debug_assertions)]
use disk::Disk as WebAppSource;

/// Whether a path belongs to the API or the health checks, which answer JSON, never the app.
fn is_api_path(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || path == "/healthz"
        || path.starts_with("/healthz/")
        || path == "/readyz"
        || path.starts_with("/readyz/")
}

/// Whether the last path segment looks like a file name (`/assets/x.js`, `/robots.txt`):
/// such paths are not client-side routes, so a missing file is a real `404`.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

fn cache_control(path: &str) -> &'static str {
    if path.starts_with("assets/") {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

fn respond(req: &HttpRequest, path: &str, asset: Asset) -> HttpResponse {
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == asset.etag || tag.trim() == "*")
        });
    let mut response = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, cache_control(path)))
        .insert_header((header::ETAG, asset.etag.clone()));
    if not_modified {
        return response.finish();
    }
    response
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .body(asset.data.into_owned())
}

/// Shown at every app path while `frontend/dist` does not exist.
const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">\
<title>Kurs</title></head><body><main><h1>Kurs</h1>\
<p>Die Weboberfläche ist nicht gebaut. Bitte führen Sie <code>make frontend-build</code> aus \
(oder starten Sie mit <code>make run</code>).</p>\
<p lang=\"en\">The web app has not been built. Run <code>make frontend-build</code> \
(or start with <code>make run</code>).</p>\
<p><a href=\"/api/docs/\">API-Dokumentation / API documentation</a></p></main></body></html>\n";

/// Serves `req` from `source`: the file, `index.html` for client-side routes, or a `404`.
pub fn serve_from(source: &impl AssetSource, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if is_api_path(path) || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(ApiError::NotFound);
    }
    let relative = path.trim_start_matches('/');
    if !relative.is_empty()
        && !relative.split('/').any(|s| s == ".." || s == ".")
        && let Some(asset) = source.get(relative)
    {
        return Ok(respond(req, relative, asset));
    }
    if !relative.is_empty() && looks_like_file(relative) {
        return Err(ApiError::NotFound);
    }
    match source.get(INDEX) {
        Some(index) => Ok(respond(req, INDEX, index)),
        None => Ok(HttpResponse::build(StatusCode::OK)
            .insert_header((header::CACHE_CONTROL, REVALIDATE))
            .content_type("text/html; charset=utf-8")
            .body(NOT_BUILT)),
    }
}

/// The app's default service: everything no API route matched.
/// A known API path called with a method it does not offer answers `405` with `Allow`.
pub async fn serve(
    req: HttpRequest,
    routes: Option<actix_web::web::Data<super::known_routes::KnownRoutes>>,
) -> Result<HttpResponse, ApiError> {
    if is_api_path(req.path())
        && let Some(allowed) = routes.and_then(|r| r.allowed_methods(req.path()))
        && !allowed.contains(&req.method().as_str())
    {
        return Err(ApiError::MethodNotAllowed {
            allow: allowed.join(", "),
        });
    }
    serve_from(&WebAppSource, &req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;
    use actix_web::test::TestRequest;

    struct Stub {
        with_index: bool,
    }

    impl AssetSource for Stub {
        fn get(&self, path: &str) -> Option<Asset> {
            let (data, content_type): (&'static [u8], &str) = match path {
                "index.html" if self.with_index => (b"<html>app</html>", "text/html"),
                "assets/index-abc123.js" => (b"console.log(1)", "text/javascript"),
                "favicon.svg" => (b"<svg/>", "image/svg+xml"),
                _ => return None,
            };
            Some(Asset {
                data: Cow::Borrowed(data),
                content_type: content_type.into(),
                etag: format!("\"{path}\""),
            })
        }
    }

    const APP: Stub = Stub { with_index: true };

    fn get(path: &str) -> HttpRequest {
        TestRequest::get().uri(path).to_http_request()
    }

    fn header_of(response: &HttpResponse, name: header::HeaderName) -> String {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().expect("ascii header").to_owned())
            .unwrap_or_default()
    }

    async fn body_of(response: HttpResponse) -> String {
        let bytes = to_bytes(response.into_body()).await.expect("body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[actix_web::test]
    async fn hashed_assets_are_cached_for_a_year() {
        let response = serve_from(&APP, &get("/assets/index-abc123.js")).expect("served");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CACHE_CONTROL), IMMUTABLE);
        assert_eq!(
            header_of(&response, header::CONTENT_TYPE),
            "text/javascript"
        );
    }

    #[actix_web::test]
    async fn index_html_is_revalidated() {
        for path in ["/", "/index.html"] {
            let response = serve_from(&APP, &get(path)).expect("served");
            assert_eq!(header_of(&response, header::CACHE_CONTROL), REVALIDATE);
            assert_eq!(body_of(response).await, "<html>app</html>");
        }
        let favicon = serve_from(&APP, &get("/favicon.svg")).expect("served");
        assert_eq!(header_of(&favicon, header::CACHE_CONTROL), REVALIDATE);
    }

    #[actix_web::test]
    async fn client_side_routes_fall_back_to_index_html() {
        for path in [
            "/measures",
            "/measures/12",
            "/my-updates?x=1",
            "/admin/users/3/",
        ] {
            let response = serve_from(&APP, &get(path)).expect("served");
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/html");
            assert_eq!(body_of(response).await, "<html>app</html>");
        }
    }

    #[actix_web::test]
    async fn api_and_health_paths_never_get_the_app() {
        for path in [
            "/api",
            "/api/",
            "/api/v1/nothing",
            "/api/v2/measures",
            "/healthz/x",
            "/readyz/x",
        ] {
            let result = serve_from(&APP, &get(path));
            assert!(matches!(result, Err(ApiError::NotFound)), "{path}");
        }
    }

    #[actix_web::test]
    async fn missing_files_and_other_methods_are_404() {
        assert!(matches!(
            serve_from(&APP, &get("/assets/index-old.js")),
            Err(ApiError::NotFound)
        ));
        assert!(matches!(
            serve_from(&APP, &get("/robots.txt")),
            Err(ApiError::NotFound)
        ));
        let post = TestRequest::post().uri("/measures").to_http_request();
        assert!(matches!(serve_from(&APP, &post), Err(ApiError::NotFound)));
    }

    #[actix_web::test]
    async fn path_traversal_is_not_served() {
        // `..` segments are never looked up; a file-like path then is a plain 404.
        assert!(matches!(
            serve_from(&APP, &get("/assets/../index.html")),
            Err(ApiError::NotFound)
        ));
        let response = serve_from(&APP, &get("/measures/../admin")).expect("served");
        assert_eq!(body_of(response).await, "<html>app</html>");
    }

    #[actix_web::test]
    async fn a_matching_etag_gives_304() {
        let req = TestRequest::get()
            .uri("/")
            .insert_header((header::IF_NONE_MATCH, "\"index.html\""))
            .to_http_request();
        let response = serve_from(&APP, &req).expect("served");
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    }

    #[actix_web::test]
    async fn without_a_build_a_page_says_how_to_build() {
        let response = serve_from(&Stub { with_index: false }, &get("/dashboard")).expect("ok");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(body_of(response).await.contains("make frontend-build"));
    }
}
