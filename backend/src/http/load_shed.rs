//! Load shedding. At most `max_requests_in_flight` requests are in progress at once; a
//! request that finds no free slot within a short wait is answered at once with
//! `503 overloaded` and `Retry-After: 1`, instead of queueing behind work the server cannot
//! finish before the client gives up (under overload a queue only turns every request into
//! a timeout). Health probes are exempt, so a busy server is not restarted for being busy.

use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// How long a request may wait for a free slot before it is shed.
const SLOT_WAIT: Duration = Duration::from_millis(100);

/// The slots for requests in progress, shared by all workers.
#[derive(Clone)]
pub struct RequestSlots {
    slots: Arc<Semaphore>,
}

impl RequestSlots {
    pub fn new(max_in_flight: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(max_in_flight)),
        }
    }

    /// A slot, or `None` when none frees up within [`SLOT_WAIT`].
    async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(SLOT_WAIT, self.slots.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
    }
}

fn is_health_probe(path: &str) -> bool {
    path == "/healthz" || path == "/readyz"
}

/// The middleware function (`actix_web::middleware::from_fn`). The slot is held until the
/// handler has produced its response.
pub async fn shed_load(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let slots = req.app_data::<web::Data<RequestSlots>>().cloned();
    let permit = match slots {
        Some(slots) if !is_health_probe(req.path()) => match slots.acquire().await {
            Some(permit) => Some(permit),
            None => {
                tracing::warn!(path = %req.path(), "request shed: too many requests in progress");
                let response = ApiError::Overloaded {
                    retry_after_seconds: 1,
                }
                .error_response();
                return Ok(req.into_response(response).map_into_right_body());
            }
        },
        _ => None,
    };
    let response = next.call(req).await?;
    drop(permit);
    Ok(response.map_into_left_body())
}
