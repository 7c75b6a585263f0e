//! The JSON body extractor of every handler. It reads the body with actix's own JSON
//! extractor (size limit, content type, syntax errors → problem documents), then reads the
//! value into the request type. In between, numbers written with a zero fraction (`3.0`)
//! become integers: JSON Schema, and so the OpenAPI document, counts them as integers, and
//! JavaScript clients produce them, so refusing them would refuse valid requests.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use super::error::deserialize_error;

/// A request body of type `T`, read from JSON.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonBody<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Turns every number with a zero fraction that fits an `i64` into an integer.
fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64()
                && !number.is_i64()
                && !number.is_u64()
                && float.fract() == 0.0
                && float.abs() < 9.0e15
            {
                // |float| < 2^53: the conversion is exact.
                *number = Number::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let mut value = raw.await?.into_inner();
            integral_numbers_as_integers(&mut value);
            serde_json::from_value::<T>(value)
                .map(JsonBody)
                .map_err(|err| deserialize_error(&err.to_string()).into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_floats_become_integers_everywhere() {
        let mut value = json!({"position": 3.0, "ids": [1.0, 2.5], "nested": {"n": -4.0}});
        integral_numbers_as_integers(&mut value);
        assert_eq!(
            value,
            json!({"position": 3, "ids": [1, 2.5], "nested": {"n": -4}})
        );
    }

    #[test]
    fn huge_floats_stay_floats() {
        let mut value = json!(1.0e300);
        integral_numbers_as_integers(&mut value);
        assert!(value.is_f64());
    }
}
