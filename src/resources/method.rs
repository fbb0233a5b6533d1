//! `apigateway_method` (being implemented; see the issue).

use async_trait::async_trait;

use crate::aws::Aws;
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::Value;

use super::Resource;

/// The `apigateway_method` resource type.
#[derive(Debug)]
pub struct Method;

fn unfinished() -> Diagnostics {
    Diagnostic::error(
        "Not available",
        "apigateway_method is not finished in this build.",
    )
    .into()
}

#[async_trait]
impl Resource for Method {
    fn type_name(&self) -> &'static str {
        "apigateway_method"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("apigateway_method").attribute(Attribute::string("id", "Id.").computed()),
        )
    }

    async fn create(&self, _aws: &Aws, _planned: &Value) -> Result<Value, Diagnostics> {
        Err(unfinished())
    }

    async fn read(&self, _aws: &Aws, _state: &Value) -> Result<Option<Value>, Diagnostics> {
        Err(unfinished())
    }

    async fn update(
        &self,
        _aws: &Aws,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Value, Diagnostics> {
        Err(unfinished())
    }

    async fn delete(&self, _aws: &Aws, _state: &Value) -> Result<(), Diagnostics> {
        Err(unfinished())
    }

    fn import(&self, _id: &str) -> Result<Value, Diagnostics> {
        Err(unfinished())
    }
}
