//! `/api/v1`: a module per resource. Record handlers are generic over
//! [`concord_domain::Record`] and registered once per kind in [`crate::router`].

pub mod approvals;
pub mod assessments;
pub mod audit;
pub mod headers;
pub mod history;
pub mod inbox;
pub mod inquiries;
pub mod lifecycle;
pub mod openapi;
mod openapi_contract;
mod openapi_ops;
mod openapi_paths;
pub mod params;
pub mod record;
pub mod red_lines;
pub mod redaction;
pub mod routing;
pub mod search;
pub mod support;
pub mod vocabulary;
pub mod workflow;
