//! `apigateway_method_settings`: logging, metrics, throttling and caching of one method (or of
//! every method, `*/*`) of a stage.
//!
//! Method settings are part of the stage: every write is one UpdateStage whose patch paths
//! start with the method's key (`/*/*/logging/loglevel`, `/~1pets/GET/metrics/enabled`), and a
//! read is the stage's `methodSettings` entry for that key (GetStage, or during a refresh the
//! API's GetStages snapshot, one call for every stage and all their settings). Several of these resources on one
//! stage never touch each other's entries. Delete removes the entry. State `id`:
//! `REST-API-ID-STAGE-NAME-METHOD-PATH`; import ID `REST-API-ID/STAGE-NAME/METHOD-PATH`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_stage::GetStageOutput;
use aws_sdk_apigateway::operation::update_stage::UpdateStageOutput;
use aws_sdk_apigateway::operation::update_stage::builders::UpdateStageFluentBuilder;
use aws_sdk_apigateway::types::{MethodSetting, PatchOperation};

use crate::aws::{Aws, AwsError, not_found_as_none, patch};
use crate::schema::validators::{IntBetween, OneOf, int_between, one_of};
use crate::schema::{Attribute, Block as SchemaBlock, Validator};
use crate::tfvalue::{Number, Type, Value};

use super::decl::{
    Answer, Block, Decl, Declared, Field, Identity, Input, Sdk, Seen, Update, aws, fields,
};
use super::keys::{Ident, SettingsKey};

/// One setting of the `settings` block, declared once: its attribute, its patch path below the
/// method's key, how AWS answers it, and what is allowed.
struct Setting {
    name: &'static str,
    path: &'static str,
    description: &'static str,
    ty: Kind,
    get: fn(&MethodSetting) -> Value,
    validator: Option<&'static dyn Validator>,
}

/// The settings' Terraform types.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Bool,
    Str,
    Int,
    Float,
}

fn int(n: i32) -> Value {
    Value::Number(Number::Int(n.into()))
}

const SETTINGS: &[Setting] = &[
    Setting {
        name: "metrics_enabled",
        path: "metrics/enabled",
        description: "Whether CloudWatch metrics are enabled.",
        ty: Kind::Bool,
        get: |s| Value::Bool(s.metrics_enabled()),
        validator: None,
    },
    Setting {
        name: "logging_level",
        path: "logging/loglevel",
        description: "CloudWatch logging level.",
        ty: Kind::Str,
        get: |s| Value::opt_string(s.logging_level()),
        validator: Some(&LOGGING_LEVELS),
    },
    Setting {
        name: "data_trace_enabled",
        path: "logging/dataTrace",
        description: "Whether full requests and responses are logged.",
        ty: Kind::Bool,
        get: |s| Value::Bool(s.data_trace_enabled()),
        validator: None,
    },
    Setting {
        name: "throttling_burst_limit",
        path: "throttling/burstLimit",
        description: "Throttling burst limit; `-1` means none.",
        ty: Kind::Int,
        get: |s| int(s.throttling_burst_limit()),
        validator: None,
    },
    Setting {
        name: "throttling_rate_limit",
        path: "throttling/rateLimit",
        description: "Throttling rate limit in requests per second; `-1` means none.",
        ty: Kind::Float,
        get: |s| Value::Number(Number::Float(s.throttling_rate_limit())),
        validator: None,
    },
    Setting {
        name: "caching_enabled",
        path: "caching/enabled",
        description: "Whether responses are cached (the stage needs a cache cluster).",
        ty: Kind::Bool,
        get: |s| Value::Bool(s.caching_enabled()),
        validator: None,
    },
    Setting {
        name: "cache_ttl_in_seconds",
        path: "caching/ttlInSeconds",
        description: "How long a cached response is kept, in seconds.",
        ty: Kind::Int,
        get: |s| int(s.cache_ttl_in_seconds()),
        validator: Some(&TTL),
    },
    Setting {
        name: "cache_data_encrypted",
        path: "caching/dataEncrypted",
        description: "Whether the cached responses are encrypted.",
        ty: Kind::Bool,
        get: |s| Value::Bool(s.cache_data_encrypted()),
        validator: None,
    },
    Setting {
        name: "require_authorization_for_cache_control",
        path: "caching/requireAuthorizationForCacheControl",
        description: "Whether invalidating the cache (`Cache-Control: max-age=0`) needs authorization.",
        ty: Kind::Bool,
        get: |s| Value::Bool(s.require_authorization_for_cache_control()),
        validator: None,
    },
    Setting {
        name: "unauthorized_cache_control_header_strategy",
        path: "caching/unauthorizedCacheControlHeaderStrategy",
        description: "What an unauthorized cache invalidation gets.",
        ty: Kind::Str,
        get: |s| {
            Value::opt_string(
                s.unauthorized_cache_control_header_strategy()
                    .map(|x| x.as_str()),
            )
        },
        validator: Some(&CACHE_CONTROL),
    },
];

const LOGGING_LEVELS: OneOf = one_of(&["OFF", "ERROR", "INFO"]);
const CACHE_CONTROL: OneOf = one_of(&[
    "FAIL_WITH_403",
    "SUCCEED_WITH_RESPONSE_HEADER",
    "SUCCEED_WITHOUT_RESPONSE_HEADER",
]);
const TTL: IntBetween = int_between(0, 3600);

/// The `apigateway_method_settings` resource type.
#[derive(Debug)]
pub struct MethodSettings;

impl Sdk for MethodSettings {
    type Create = UpdateStageFluentBuilder;
    type Created = UpdateStageOutput;
    type Got = GetStageOutput;
    type Updated = UpdateStageOutput;
    type Item = aws_sdk_apigateway::types::Stage;
}

fields! { MethodSettings;
    SETTINGS_BLOCK: Block = Field::new(
        "settings",
        "The settings. A setting left out keeps AWS's value, which the state shows. Changed in \
         place, setting by setting.",
    )
    .nested(settings_schema)
    .manual(),
}

#[async_trait]
impl Declared for MethodSettings {
    const TYPE_NAME: &'static str = "apigateway_method_settings";
    const OBJECT: &'static str = "Method Settings";
    const DESCRIPTION: &'static str = "The settings of one method, or of every method, of an API \
        Gateway stage: CloudWatch logging and metrics, throttling and caching.";
    type Key = SettingsKey;
    type Parent = SettingsKey;
    const IDENTITY: Identity<SettingsKey> = Identity::Named {
        id: SettingsKey::settings_id,
        doc: "`REST-API-ID-STAGE-NAME-METHOD-PATH`, the hashicorp/aws provider's format.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    // Every write is an UpdateStage of the same stage: one at a time per REST API.
    const SERIAL_WRITES: bool = true;

    // The create is an UpdateStage setting every configured value.
    async fn call_create(
        &self,
        aws: &Aws,
        key: &SettingsKey,
        input: Input<'_, Self>,
    ) -> Result<UpdateStageOutput, AwsError> {
        let ops = settings_patch(key, &Value::Null, input.planned());
        self.call_update(aws, key, ops).await
    }

    async fn call_get(&self, aws: &Aws, key: &SettingsKey) -> Result<GetStageOutput, AwsError> {
        let call = aws.client.get_stage().rest_api_id(&key.stage.rest_api_id);
        Ok(call.stage_name(&key.stage.stage_name).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &SettingsKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateStageOutput, AwsError> {
        let call = aws
            .client
            .update_stage()
            .rest_api_id(&key.stage.rest_api_id);
        Ok(call
            .stage_name(&key.stage.stage_name)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    // A refresh reads every stage of the API, with its method settings, with one GetStages.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &SettingsKey,
    ) -> Result<Seen<aws_sdk_apigateway::types::Stage>, AwsError> {
        let api = key.stage.rest_api_id.as_str();
        let all = not_found_as_none(aws.cache.stages(&aws.client, api).await)?;
        let named = |s: &&aws_sdk_apigateway::types::Stage| {
            s.stage_name() == Some(key.stage.stage_name.as_str())
        };
        Ok(Seen::in_list(all, named))
    }

    async fn call_delete(&self, aws: &Aws, key: &SettingsKey) -> Result<(), AwsError> {
        let path = format!("/{}", key.aws_key());
        match self.call_update(aws, key, vec![patch::remove(&path)]).await {
            Ok(_) => Ok(()),
            // LocalStack removes only `*/*` and refuses any other key as "Invalid method setting
            // path": the entry stays there, and the resource is gone from the state.
            Err(e)
                if key.method_path != "*/*"
                    && e.message.contains("Invalid method setting path") =>
            {
                tracing::warn!(path, message = %e.message, "the endpoint cannot remove these method settings; left in place");
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    // GetStage answers every method's settings: these are the entry for this key, if any.
    fn exists(&self, answer: &Answer<'_, Self>, reference: &Value) -> bool {
        SettingsKey::from_state(reference).is_ok_and(|key| !entry(answer, &key).is_null())
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let block = match SettingsKey::from_state(reference) {
            Ok(key) => entry(answer, &key),
            Err(_) => Value::Null,
        };
        SETTINGS_BLOCK.put(
            state,
            Value::List(if block.is_null() {
                Vec::new()
            } else {
                vec![block]
            }),
        );
    }

    fn patch_quirks(
        &self,
        prior: &Value,
        planned: &Value,
        mut derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        if let Ok(key) = SettingsKey::from_state(planned) {
            derived.extend(settings_patch(&key, prior, planned));
        }
        derived
    }
}

/// The `settings` block: every setting optional, and computed (AWS's value shows).
fn settings_schema() -> SchemaBlock {
    SETTINGS.iter().fold(SchemaBlock::default(), |block, s| {
        let ty = match s.ty {
            Kind::Bool => Type::Bool,
            Kind::Str => Type::String,
            Kind::Int | Kind::Float => Type::Number,
        };
        let mut attribute = Attribute::new(s.name, ty, s.description).optional_computed();
        if let Some(v) = s.validator {
            attribute = attribute.validator(v);
        }
        block.attribute(attribute)
    })
}

/// This key's entry of AWS's `methodSettings` as the block's element, or null.
fn entry(answer: &Answer<'_, MethodSettings>, key: &SettingsKey) -> Value {
    let aws_key = key.aws_key();
    aws!(for MethodSettings, |o| o.method_settings().and_then(|m| m.get(&aws_key)).map_or(Value::Null, element))(
        answer,
    )
}

/// AWS's settings of one method as the block's element.
fn element(s: &MethodSetting) -> Value {
    Value::object(
        SETTINGS
            .iter()
            .map(|setting| (setting.name, (setting.get)(s))),
    )
}

/// One `replace` per setting whose known planned value differs from the prior one, at the
/// method's key (`/~1pets/GET/metrics/enabled`).
fn settings_patch(key: &SettingsKey, prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let block = |v: &Value| {
        SETTINGS_BLOCK
            .get(v)
            .and_then(<[Value]>::first)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (old, new) = (block(prior), block(planned));
    let prefix = key.aws_key();
    SETTINGS
        .iter()
        .filter_map(|Setting { name, path, ty, .. }| {
            let value = new.get(name);
            if value.is_null() || value.is_unknown() || value == old.get(name) {
                return None;
            }
            let text = match (ty, value) {
                (Kind::Bool, Value::Bool(b)) => b.to_string(),
                (Kind::Str, Value::String(s)) => s.clone(),
                (Kind::Int, Value::Number(n)) => n
                    .as_i64()
                    .map_or_else(|| n.as_f64().to_string(), |i| i.to_string()),
                (Kind::Float, Value::Number(n)) => n.as_f64().to_string(),
                _ => return None,
            };
            Some(patch::replace(&format!("/{prefix}/{path}"), Some(&text)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::patch::show;
    use crate::resources::Resource;

    fn state(settings: Value) -> Value {
        Value::object([
            ("rest_api_id", Value::from("a")),
            ("stage_name", Value::from("prod")),
            ("method_path", Value::from("pets/{id}/GET")),
            ("settings", Value::List(vec![settings])),
        ])
    }

    #[test]
    fn patch_paths_escape_the_resource_path_and_send_only_changes() {
        let prior = state(Value::object([
            ("metrics_enabled", Value::Bool(false)),
            ("logging_level", "OFF".into()),
        ]));
        let planned = state(Value::object([
            ("metrics_enabled", Value::Bool(true)),
            ("logging_level", "OFF".into()),
            ("throttling_rate_limit", Value::Number(Number::Float(12.5))),
            ("cache_ttl_in_seconds", Value::Unknown),
        ]));
        let key = SettingsKey::from_state(&planned).unwrap();
        assert_eq!(key.aws_key(), "~1pets~1{id}/GET");
        assert_eq!(
            show(&settings_patch(&key, &prior, &planned)),
            [
                "replace /~1pets~1{id}/GET/metrics/enabled true",
                "replace /~1pets~1{id}/GET/throttling/rateLimit 12.5"
            ]
        );
        let all = SettingsKey {
            method_path: "*/*".into(),
            ..key
        };
        assert_eq!(all.aws_key(), "*/*");
    }

    #[test]
    fn import_ids_and_method_paths_are_checked() {
        let v = MethodSettings.import("a/prod/pets/GET").unwrap();
        assert_eq!(v.get("method_path").as_str(), Some("pets/GET"));
        assert_eq!(v.get("id").as_str(), Some("a-prod-pets/GET"));
        assert!(MethodSettings.import("a/prod/*/*").is_ok());
        for bad in [
            "a/prod",
            "a/prod/GET",
            "a/prod//pets/GET",
            "a/prod/pets/FETCH",
            "a/prod/pets/GET x",
        ] {
            let d = MethodSettings.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains("REST-API-ID/STAGE-NAME/METHOD-PATH"),
                "{bad}: {}",
                d[0].detail
            );
        }
    }

    #[tokio::test]
    async fn a_refresh_reads_the_stage_and_all_its_settings_with_one_get_stages() {
        let stages = r#"{"item":[
            {"stageName":"other","deploymentId":"d0"},
            {"stageName":"prod","deploymentId":"d1","methodSettings":{
                "*/*":{"metricsEnabled":true,"loggingLevel":"ERROR"},
                "~1pets~1{id}/GET":{"throttlingBurstLimit":10,"throttlingRateLimit":5.0}}}]}"#;
        let (aws, calls) =
            crate::resources::testing::api_with_snapshots(vec![(200, None, stages)]).await;
        let mut all = state(Value::Null);
        all.set("method_path", "*/*".into());
        let get = state(Value::Null);
        let stage = Value::object([
            ("rest_api_id", Value::from("a")),
            ("stage_name", Value::from("prod")),
            (
                "execution_arn",
                Value::from("arn:aws:execute-api:us-east-1:1:a/prod"),
            ),
        ]);
        let read_all = MethodSettings.read(&aws, &all).await.unwrap().unwrap();
        let read_get = MethodSettings.read(&aws, &get).await.unwrap().unwrap();
        let read_stage = crate::resources::stage::Stage
            .read(&aws, &stage)
            .await
            .unwrap()
            .unwrap();
        let block = |v: &Value| SETTINGS_BLOCK.get(v).unwrap()[0].clone();
        assert_eq!(
            block(&read_all).get("logging_level").as_str(),
            Some("ERROR")
        );
        assert_eq!(
            block(&read_get).get("throttling_burst_limit").as_i64(),
            Some(10)
        );
        assert_eq!(read_stage.get("deployment_id").as_str(), Some("d1"));
        let log = crate::resources::testing::requests(&calls);
        assert_eq!(log, ["GET /restapis/a/stages"], "one call for all three");
        // A stage the list does not hold is gone.
        let mut gone = stage.clone();
        gone.set("stage_name", "deleted".into());
        assert!(
            crate::resources::stage::Stage
                .read(&aws, &gone)
                .await
                .unwrap()
                .is_none()
        );
    }
}
