//! Versions and ETags. Every mutable resource has an integer version; responses carry it
//! as a strong ETag (`"v7"`), and changes must send it back in `If-Match`: without it the
//! answer is `428`, with a stale one `412` (the store compares atomically).

use std::future::{Ready, ready};

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder, dev::Payload};

use super::error::ApiError;

/// The version a client expects to change, from `If-Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub i32);

pub fn etag_for(version: i32) -> String {
    format!("\"v{version}\"")
}

/// A version no resource can have (versions start at 1): an ETag of the right form whose
/// number is too large for a version still names *a* version, just never the current one,
/// so it answers `412` like any stale ETag rather than `400`.
const IMPOSSIBLE_VERSION: i32 = -1;

fn parse(value: &str) -> Option<i32> {
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    let digits = value.strip_prefix("\"v")?.strip_suffix('"')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(IMPOSSIBLE_VERSION))
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(header::IF_MATCH) {
            None => Err(ApiError::PreconditionRequired),
            Some(raw) => {
                raw.to_str()
                    .ok()
                    .and_then(parse)
                    .map(IfMatch)
                    .ok_or(ApiError::BadRequest {
                        code: "invalid_if_match",
                        detail: "If-Match must be an ETag returned by Kurs, such as \"v3\"".into(),
                    })
            }
        };
        ready(result)
    }
}

/// A `200` response with the version's ETag.
pub fn ok_with_etag(version: i32) -> HttpResponseBuilder {
    let mut builder = HttpResponse::Ok();
    builder.insert_header((header::ETAG, etag_for(version)));
    builder
}

/// A `201` response with the version's ETag.
pub fn created_with_etag(version: i32) -> HttpResponseBuilder {
    let mut builder = HttpResponse::Created();
    builder.insert_header((header::ETAG, etag_for(version)));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip() {
        assert_eq!(parse(&etag_for(42)), Some(42));
        assert_eq!(parse("W/\"v3\""), Some(3));
        assert_eq!(parse("*"), None);
        assert_eq!(parse("\"3\""), None);
        assert_eq!(parse("\"v\""), None);
        assert_eq!(parse("\"v99999999999999999999\""), Some(IMPOSSIBLE_VERSION));
    }
}
