//! The API's route table as data, taken from the OpenAPI document: which methods each path
//! template allows. The fallback service uses it to answer a known path called with an
//! undeclared method with `405 Method Not Allowed` and an `Allow` header (RFC 9110), and
//! an unknown path with `404`.

use utoipa::openapi::OpenApi;

/// Path templates (`/api/v1/measures/{id}`) with their allowed methods.
#[derive(Debug, Clone, Default)]
pub struct KnownRoutes {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Parameter,
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Parameter
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

impl KnownRoutes {
    pub fn from_spec(spec: &OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                (segments(template), methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods allowed on `path`, or `None` when no template matches it. Where several
    /// templates match, the most specific (fewest parameters) wins: `/models/import` is
    /// that literal path, not `/models/{id}` with the id "import".
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<&'static str>> {
        let actual: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let matching: Vec<(usize, &Vec<&'static str>)> = self
            .routes
            .iter()
            .filter(|(template, _)| {
                template.len() == actual.len()
                    && template.iter().zip(&actual).all(|(t, a)| match t {
                        Segment::Parameter => true,
                        Segment::Literal(l) => l == a,
                    })
            })
            .map(|(template, methods)| {
                let parameters = template
                    .iter()
                    .filter(|s| **s == Segment::Parameter)
                    .count();
                (parameters, methods)
            })
            .collect();
        let fewest = matching.iter().map(|(p, _)| *p).min()?;
        let mut allowed: Vec<&'static str> = Vec::new();
        for (_, methods) in matching.iter().filter(|(p, _)| *p == fewest) {
            for method in methods.iter() {
                if !allowed.contains(method) {
                    allowed.push(method);
                }
            }
        }
        Some(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> KnownRoutes {
        KnownRoutes::from_spec(&crate::http::routes::openapi())
    }

    #[test]
    fn a_known_template_lists_its_methods() {
        let allowed = routes()
            .allowed_methods("/api/v1/departments/12")
            .unwrap_or_default();
        assert!(allowed.contains(&"GET"));
        assert!(allowed.contains(&"PATCH"));
        assert!(!allowed.contains(&"POST"));
    }

    #[test]
    fn a_literal_path_wins_over_a_parameter_beside_it() {
        let allowed = routes()
            .allowed_methods("/api/v1/maturity/models/import")
            .unwrap_or_default();
        assert_eq!(allowed, vec!["POST"]);
    }

    #[test]
    fn an_unknown_path_matches_nothing() {
        assert_eq!(routes().allowed_methods("/api/v1/nothing-here"), None);
    }
}
