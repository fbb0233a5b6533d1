//! Test-only stand-in for the hashicorp/aws provider, for the e2e test of `moved` blocks from
//! `aws_api_gateway_*` to `apigateway_*` (Terraform needs the source provider installed to
//! load a state that mentions it). Built from this project's plugin core: it serves this
//! provider's resource types under the official names (`aws_api_gateway_rest_api`, ...), whose
//! attribute names are the official ones, and creates real objects in the emulator, so the
//! test starts from a state hashicorp/aws's shape would give. It is never packaged.

use std::collections::BTreeMap;
use std::process::ExitCode;

use async_trait::async_trait;
use terraform_provider_apigateway::aws::Aws;
use terraform_provider_apigateway::diag::Diagnostics;
use terraform_provider_apigateway::plugin::core::Core;
use terraform_provider_apigateway::plugin::serve::{self, Mode};
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::resources::{self, IdentityAttribute, Resource};
use terraform_provider_apigateway::schema::Schema;
use terraform_provider_apigateway::tfvalue::Value;

/// A resource type served under another name.
#[derive(Debug)]
struct Renamed {
    inner: Box<dyn Resource>,
    name: &'static str,
}

#[async_trait]
impl Resource for Renamed {
    fn type_name(&self) -> &'static str {
        self.name
    }
    fn schema(&self) -> Schema {
        self.inner.schema()
    }
    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        self.inner.validate(config, diags);
    }
    fn modify_plan(
        &self,
        prior: &Value,
        config: &Value,
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        self.inner.modify_plan(prior, config, planned, diags);
    }
    fn note_change(&self, prior: &Value, planned: &Value) {
        self.inner.note_change(prior, planned);
    }
    fn plan_tags(&self, config: &Value, planned: &mut Value, defaults: &BTreeMap<String, String>) {
        self.inner.plan_tags(config, planned, defaults);
    }
    async fn private_after_read(
        &self,
        aws: &Aws,
        state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        self.inner.private_after_read(aws, state, private).await
    }
    fn plan_private(
        &self,
        prior: &Value,
        private: &[u8],
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        self.inner.plan_private(prior, private, planned, diags);
    }
    fn private_after_apply(&self, state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        self.inner.private_after_apply(state, planned_private)
    }
    fn computed_blocks(&self) -> Vec<&'static str> {
        self.inner.computed_blocks()
    }
    fn is_aws_default_block(&self, name: &str, element: &Value) -> bool {
        self.inner.is_aws_default_block(name, element)
    }
    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        self.inner.create(aws, planned).await
    }
    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        self.inner.read(aws, state).await
    }
    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        self.inner.update(aws, prior, planned).await
    }
    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        self.inner.delete(aws, state).await
    }
    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        self.inner.import(id)
    }
    fn identity_attributes(&self) -> Vec<IdentityAttribute> {
        self.inner.identity_attributes()
    }
    fn import_identity(&self, identity: &Value) -> Result<Value, Diagnostics> {
        self.inner.import_identity(identity)
    }
}

fn registry() -> Registry {
    Registry::with(
        resources::all()
            .into_iter()
            .map(|inner| {
                let name: &'static str = Box::leak(
                    inner
                        .type_name()
                        .replacen("apigateway_", "aws_api_gateway_", 1)
                        .into_boxed_str(),
                );
                Box::new(Renamed { inner, name }) as Box<dyn Resource>
            })
            .collect(),
    )
}

fn main() -> ExitCode {
    let startup = match serve::Startup::begin(Mode::Plugin) {
        Ok(startup) => startup,
        Err(message) => {
            eprintln!("aws-standin: {message}");
            return ExitCode::from(1);
        }
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(1);
    };
    let code = runtime.block_on(serve::serve(startup, || Core::new(registry())));
    runtime.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
