//! `apigateway_usage_plan`: which API stages callers with the plan's keys may call, and how
//! much (throttling and a quota).
//!
//! Calls: CreateUsagePlan, GetUsagePlan, UpdateUsagePlan (patch operations), DeleteUsagePlan;
//! tags with TagResource/UntagResource. A `product_code` cannot be given to CreateUsagePlan: a
//! create with one is followed by one UpdateUsagePlan. State `id` and import ID: the usage
//! plan id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_usage_plan::CreateUsagePlanOutput;
use aws_sdk_apigateway::operation::create_usage_plan::builders::CreateUsagePlanFluentBuilder;
use aws_sdk_apigateway::operation::get_usage_plan::GetUsagePlanOutput;
use aws_sdk_apigateway::operation::update_usage_plan::UpdateUsagePlanOutput;
use aws_sdk_apigateway::types::{
    ApiStage, PatchOperation, QuotaPeriodType, QuotaSettings, ThrottleSettings,
};

use crate::aws::{Aws, AwsError, ErrorKind, not_found_as_none, patch};
use crate::diag::Diagnostics;
use crate::schema::validators::{int_between, num_between, one_of};
use crate::schema::{Attribute, Block as SchemaBlock, NestedBlock};
use crate::tfvalue::{Number, Type, Value};

use super::decl::tags;
use super::decl::{
    Answer, Block, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrMap, Update, aws,
    fields, set,
};
use super::keys::{NoParent, OwnId, OwnIdForm};

/// `apigateway_usage_plan`'s import ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsagePlanId;

impl OwnIdForm for UsagePlanId {
    const FORMAT: &'static str = "USAGE-PLAN-ID";
    const EXAMPLE: &'static str = "a1b2c3";
}

type Key = OwnId<UsagePlanId>;

const PERIODS: &[&str] = &["DAY", "WEEK", "MONTH"];
// The attributes of the blocks.
const API_ID: &str = "api_id";
const STAGE: &str = "stage";
const THROTTLE: &str = "throttle";
const PATH: &str = "path";
const BURST_LIMIT: &str = "burst_limit";
const RATE_LIMIT: &str = "rate_limit";
const LIMIT: &str = "limit";
const OFFSET: &str = "offset";
const PERIOD: &str = "period";

/// The `apigateway_usage_plan` resource type.
#[derive(Debug)]
pub struct UsagePlan;

impl Sdk for UsagePlan {
    type Create = CreateUsagePlanFluentBuilder;
    type Created = CreateUsagePlanOutput;
    type Got = GetUsagePlanOutput;
    type Updated = UpdateUsagePlanOutput;
    type Item = GetUsagePlanOutput;
}

fields! { UsagePlan;
    ID: Str = Field::new("id", "The usage plan id.").computed().keep_prior().read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the usage plan.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    DESCRIPTION: Str = Field::new("description", "Description of the usage plan.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    PRODUCT_CODE: Str = Field::new(
        "product_code",
        "The AWS Marketplace product identifier, for plans sold as SaaS products.",
    )
    .read(aws!(product_code))
    .manual(),
    API_STAGES: Block = Field::new(
        "api_stages",
        "An API stage callers with the plan's keys may call; add and remove them in place.",
    )
    .nested_set(api_stage_schema)
    .policy(Policy::Custom)
    .send(send_stages)
    .patch_with(stages_patch),
    QUOTA_SETTINGS: Block = Field::new(
        "quota_settings",
        "How many calls a key may make in a period.",
    )
    .nested(quota_schema)
    .policy(Policy::Custom)
    .send(send_quota)
    .patch_with(quota_patch),
    THROTTLE_SETTINGS: Block = Field::new(
        "throttle_settings",
        "The plan's request rate limits.",
    )
    .nested(throttle_schema)
    .policy(Policy::Custom)
    .send(send_throttle)
    .patch_with(throttle_patch),
    // AWS does not answer the ARN: it is made from the region and the id (`complete`).
    ARN: Str = Field::new(
        "arn",
        "ARN of the usage plan, `arn:aws:apigateway:REGION::/usageplans/ID`.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
}

#[async_trait]
impl Declared for UsagePlan {
    const TYPE_NAME: &'static str = "apigateway_usage_plan";
    const OBJECT: &'static str = "Usage Plan";
    const DESCRIPTION: &'static str = "A usage plan: the API stages its API keys may call, with \
        throttling and a quota.";
    type Key = Key;
    type Parent = NoParent;
    const IDENTITY: Identity<Key> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const TAGGABLE: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateUsagePlanOutput, AwsError> {
        Ok(input.fill(aws.client.create_usage_plan()).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &Key) -> Result<GetUsagePlanOutput, AwsError> {
        Ok(aws
            .client
            .get_usage_plan()
            .usage_plan_id(&key.0)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &Key,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateUsagePlanOutput, AwsError> {
        Ok(aws
            .client
            .update_usage_plan()
            .usage_plan_id(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    // A plan AWS refuses to delete while it has API stages has them removed (one
    // UpdateUsagePlan, as the official provider does before every delete) and is deleted
    // again. A plan already gone is not an error.
    async fn call_delete(&self, aws: &Aws, key: &Key) -> Result<(), AwsError> {
        let delete = || aws.client.delete_usage_plan().usage_plan_id(&key.0).send();
        let refused = match delete().await.map_err(AwsError::from) {
            Ok(_) => return Ok(()),
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e)
                if e.kind == ErrorKind::Conflict
                    || e.code.as_deref() == Some("BadRequestException") =>
            {
                e
            }
            Err(e) => return Err(e),
        };
        let Some(plan) = not_found_as_none(self.call_get(aws, key).await)? else {
            return Ok(());
        };
        let ops: Vec<PatchOperation> = plan
            .api_stages()
            .iter()
            .map(|s| patch::remove_value("/apiStages", &stage_key(s.api_id(), s.stage())))
            .collect();
        if ops.is_empty() {
            return Err(refused);
        }
        self.call_update(aws, key, ops).await?;
        delete().await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        NAME.get(planned).unwrap_or_default().to_owned()
    }

    // Quota offsets AWS accepts depend on the period.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        let Some(quota) = QUOTA_SETTINGS.get(config).and_then(<[Value]>::first) else {
            return;
        };
        let (Some(period), Some(offset)) = (quota.get(PERIOD).as_str(), quota.get(OFFSET).as_i64())
        else {
            return;
        };
        let max = match period {
            "DAY" => 0,
            "WEEK" => 6,
            "MONTH" => 27,
            _ => return,
        };
        if !(0..=max).contains(&offset) {
            diags.attr_error(
                &QUOTA_SETTINGS.path().with_index(0).with_attr(OFFSET),
                "Invalid attribute value",
                format!(
                    "quota_settings.offset must be from 0 to {max} for the period {period}; it is \
                     {offset}."
                ),
            );
        }
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let stages = aws!(for Self, |o| stages_value(o.api_stages(), reference))(answer);
        API_STAGES.put(state, stages);
        let quota = aws!(for Self, |o| quota_value(o.quota()))(answer);
        QUOTA_SETTINGS.put(state, quota);
        let throttle = aws!(for Self, |o| throttle_value(o.throttle()))(answer);
        THROTTLE_SETTINGS.put(state, throttle);
    }

    // The product code: `remove` when it is taken away.
    fn patch_quirks(
        &self,
        prior: &Value,
        planned: &Value,
        mut derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        // A description taken away is sent as empty (some services want a value).
        for op in &mut derived {
            if op.path() == Some("/description") && op.value().is_none() {
                *op = patch::replace("/description", Some(""));
            }
        }
        let (old, new) = (PRODUCT_CODE.get(prior), PRODUCT_CODE.get(planned));
        if old != new && !PRODUCT_CODE.is_unknown(planned) {
            derived.push(match new {
                Some(code) => patch::replace("/productCode", Some(code)),
                None => patch::remove("/productCode"),
            });
        }
        derived
    }

    fn rewrites(&self, prior: &Value, planned: &Value) -> bool {
        prior.is_null() && PRODUCT_CODE.get(planned).is_some()
    }

    // CreateUsagePlan takes no product code.
    async fn rewrite(
        &self,
        aws: &Aws,
        key: &Key,
        planned: &Value,
    ) -> Result<UpdateUsagePlanOutput, Diagnostics> {
        let code = PRODUCT_CODE.get(planned).unwrap_or_default();
        self.call_update(aws, key, vec![patch::add("/productCode", Some(code))])
            .await
            .map_err(|e| {
                let mut d = e.diagnostic("Setting the product code of", Self::OBJECT, &key.0);
                d = d.at(PRODUCT_CODE.path());
                d.into()
            })
    }

    async fn complete(
        &self,
        aws: &Aws,
        _reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let id = ID.get(state).unwrap_or_default().to_owned();
        ARN.put(
            state,
            Value::from(format!(
                "arn:aws:apigateway:{}::/usageplans/{id}",
                aws.region
            )),
        );
        Ok(())
    }
}

fn limits() -> [Attribute; 2] {
    [
        Attribute::new(
            BURST_LIMIT,
            Type::Number,
            "Most requests at once (the bucket size).",
        )
        .validator(int_between(0, i64::from(i32::MAX))),
        Attribute::new(RATE_LIMIT, Type::Number, "Steady requests per second.")
            .validator(num_between(0.0, f64::MAX)),
    ]
}

fn api_stage_schema() -> SchemaBlock {
    let [burst, rate] = limits();
    SchemaBlock::default()
        .attribute(Attribute::new(API_ID, Type::String, "Id of the REST API.").required())
        .attribute(Attribute::new(STAGE, Type::String, "Name of the stage.").required())
        .block(NestedBlock::set(
            THROTTLE,
            SchemaBlock::new("Throttling of one method of the stage.")
                .attribute(
                    Attribute::new(
                        PATH,
                        Type::String,
                        "The method, `RESOURCE-PATH/HTTP-METHOD`, e.g. `/pets/GET`.",
                    )
                    .required(),
                )
                .attribute(burst)
                .attribute(rate),
        ))
}

fn quota_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::new(LIMIT, Type::Number, "Most requests in a period.")
                .required()
                .validator(int_between(0, i64::from(i32::MAX))),
        )
        .attribute(
            Attribute::new(
                OFFSET,
                Type::Number,
                "Days the period starts late by: 0 for `DAY`, 0-6 for `WEEK`, 0-27 for `MONTH`. \
                 AWS defaults it to 0.",
            )
            .optional_computed()
            .use_state_for_unknown()
            .validator(int_between(0, 27)),
        )
        .attribute(
            Attribute::new(PERIOD, Type::String, "`DAY`, `WEEK` or `MONTH`.")
                .required()
                .validator(one_of(PERIODS)),
        )
}

fn throttle_schema() -> SchemaBlock {
    let [burst, rate] = limits();
    SchemaBlock::default()
        .attribute(burst.optional_computed().use_state_for_unknown())
        .attribute(rate.optional_computed().use_state_for_unknown())
}

/// `API-ID:STAGE`, how AWS names an API stage of a plan.
fn stage_key(api: Option<&str>, stage: Option<&str>) -> String {
    format!("{}:{}", api.unwrap_or_default(), stage.unwrap_or_default())
}

fn int(v: &Value) -> Option<i32> {
    v.as_i64().and_then(|n| i32::try_from(n).ok())
}

fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(n.as_f64()),
        _ => None,
    }
}

fn number(f: f64) -> Value {
    Value::Number(Number::Float(f))
}

/// The configured stages: `API-ID:STAGE` to the per-method throttles (path to burst, rate).
type Stages = BTreeMap<String, BTreeMap<String, (Option<i32>, Option<f64>)>>;

fn stages(v: &Value) -> Stages {
    v.as_elements()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let throttles = s
                .get(THROTTLE)
                .as_elements()
                .unwrap_or_default()
                .iter()
                .map(|t| {
                    (
                        t.get(PATH).as_str().unwrap_or_default().to_owned(),
                        (int(t.get(BURST_LIMIT)), float(t.get(RATE_LIMIT))),
                    )
                })
                .collect();
            (
                stage_key(s.get(API_ID).as_str(), s.get(STAGE).as_str()),
                throttles,
            )
        })
        .collect()
}

fn throttle_settings(burst: Option<i32>, rate: Option<f64>) -> ThrottleSettings {
    ThrottleSettings::builder()
        .burst_limit(burst.unwrap_or_default())
        .rate_limit(rate.unwrap_or_default())
        .build()
}

fn send_stages(b: CreateUsagePlanFluentBuilder, v: &Value) -> CreateUsagePlanFluentBuilder {
    let list: Vec<ApiStage> = v
        .as_elements()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let throttle: HashMap<String, ThrottleSettings> = stages(&Value::Set(vec![s.clone()]))
                .into_values()
                .flatten()
                .map(|(path, (burst, rate))| (path, throttle_settings(burst, rate)))
                .collect();
            ApiStage::builder()
                .set_api_id(s.get(API_ID).as_str().map(str::to_owned))
                .set_stage(s.get(STAGE).as_str().map(str::to_owned))
                .set_throttle((!throttle.is_empty()).then_some(throttle))
                .build()
        })
        .collect();
    if list.is_empty() {
        b
    } else {
        b.set_api_stages(Some(list))
    }
}

fn first(v: &Value) -> Option<&Value> {
    v.as_elements().and_then(<[Value]>::first)
}

fn send_quota(b: CreateUsagePlanFluentBuilder, v: &Value) -> CreateUsagePlanFluentBuilder {
    let Some(q) = first(v) else { return b };
    b.quota(
        QuotaSettings::builder()
            .set_limit(int(q.get(LIMIT)))
            .set_offset(int(q.get(OFFSET)))
            .set_period(q.get(PERIOD).as_str().map(QuotaPeriodType::from))
            .build(),
    )
}

fn send_throttle(b: CreateUsagePlanFluentBuilder, v: &Value) -> CreateUsagePlanFluentBuilder {
    let Some(t) = first(v) else { return b };
    b.throttle(throttle_settings(
        int(t.get(BURST_LIMIT)),
        float(t.get(RATE_LIMIT)),
    ))
}

/// Stages added and removed by value; per-method throttles by their own paths (the path is
/// the method's, appended as it is, as the official provider sends it).
fn stages_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let (old, new) = (
        stages(API_STAGES.raw(prior)),
        stages(API_STAGES.raw(planned)),
    );
    let mut ops = Vec::new();
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        ops.push(patch::remove_value("/apiStages", key));
    }
    for key in new.keys().filter(|k| !old.contains_key(*k)) {
        ops.push(patch::add("/apiStages", Some(key)));
    }
    let none = BTreeMap::new();
    for (key, throttles) in &new {
        let before = old.get(key).unwrap_or(&none);
        for (path, limits) in throttles {
            if before.get(path) == Some(limits) {
                continue;
            }
            let at = format!("/apiStages/{key}/throttle/{path}");
            let (burst, rate) = limits;
            ops.push(patch::replace(
                &format!("{at}/burstLimit"),
                Some(&burst.unwrap_or_default().to_string()),
            ));
            ops.push(patch::replace(
                &format!("{at}/rateLimit"),
                Some(&rate.unwrap_or_default().to_string()),
            ));
        }
        if old.contains_key(key) {
            for path in before.keys().filter(|p| !throttles.contains_key(*p)) {
                ops.push(patch::remove(&format!("/apiStages/{key}/throttle/{path}")));
            }
        }
    }
    ops
}

/// A settings block's operations: `remove` when taken away, `add` when new, else `replace`
/// of what changed (unknown values, left to AWS, are sent as 0).
fn settings_patch(
    at: &str,
    prior: Option<&Value>,
    planned: Option<&Value>,
    parts: &[(&str, &str)],
) -> Vec<PatchOperation> {
    match (prior, planned) {
        (Some(_), None) => vec![patch::remove(at)],
        (old, Some(new)) => parts
            .iter()
            .filter(|(attr, _)| old.is_none_or(|o| o.get(attr) != new.get(attr)))
            .map(|(attr, name)| {
                let v = new.get(attr);
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n
                        .as_i64()
                        .map_or_else(|| n.as_f64().to_string(), |i| i.to_string()),
                    _ => "0".to_owned(),
                };
                let path = format!("{at}/{name}");
                if old.is_some() {
                    patch::replace(&path, Some(&text))
                } else {
                    patch::add(&path, Some(&text))
                }
            })
            .collect(),
        (None, None) => Vec::new(),
    }
}

fn quota_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    settings_patch(
        "/quota",
        first(QUOTA_SETTINGS.raw(prior)),
        first(QUOTA_SETTINGS.raw(planned)),
        &[(LIMIT, "limit"), (OFFSET, "offset"), (PERIOD, "period")],
    )
}

fn throttle_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    settings_patch(
        "/throttle",
        first(THROTTLE_SETTINGS.raw(prior)),
        first(THROTTLE_SETTINGS.raw(planned)),
        &[(BURST_LIMIT, "burstLimit"), (RATE_LIMIT, "rateLimit")],
    )
}

/// AWS's stages as the set block. A per-method limit AWS holds as 0 stays null where the
/// reference (the plan or prior state) left it out, so an unset limit never shows as a change.
fn stages_value(list: &[ApiStage], reference: &Value) -> Value {
    let written = stages(API_STAGES.raw(reference));
    let elements = list
        .iter()
        .map(|s| {
            let key = stage_key(s.api_id(), s.stage());
            let mine = written.get(&key);
            let mut throttles: Vec<(String, &ThrottleSettings)> = s
                .throttle()
                .map(|m| m.iter().map(|(p, t)| (p.clone(), t)).collect())
                .unwrap_or_default();
            throttles.sort_by(|a, b| a.0.cmp(&b.0));
            let throttle = throttles
                .into_iter()
                .map(|(path, t)| {
                    let (burst, rate) = mine
                        .and_then(|m| m.get(&path))
                        .copied()
                        .unwrap_or((Some(0), Some(0.0)));
                    let burst = if t.burst_limit() == 0 && burst.is_none() {
                        Value::Null
                    } else {
                        Value::from(i64::from(t.burst_limit()))
                    };
                    let rate = if t.rate_limit() == 0.0 && rate.is_none() {
                        Value::Null
                    } else {
                        number(t.rate_limit())
                    };
                    Value::object([
                        (PATH, Value::from(path)),
                        (BURST_LIMIT, burst),
                        (RATE_LIMIT, rate),
                    ])
                })
                .collect();
            Value::object([
                (API_ID, Value::from(s.api_id().unwrap_or_default())),
                (STAGE, Value::from(s.stage().unwrap_or_default())),
                (THROTTLE, Value::Set(throttle)),
            ])
        })
        .collect();
    Value::Set(elements)
}

fn quota_value(q: Option<&QuotaSettings>) -> Value {
    Value::List(
        q.map(|q| {
            Value::object([
                (LIMIT, Value::from(i64::from(q.limit()))),
                (OFFSET, Value::from(i64::from(q.offset()))),
                (
                    PERIOD,
                    Value::opt_string(q.period().map(QuotaPeriodType::as_str)),
                ),
            ])
        })
        .into_iter()
        .collect(),
    )
}

fn throttle_value(t: Option<&ThrottleSettings>) -> Value {
    Value::List(
        t.map(|t| {
            Value::object([
                (BURST_LIMIT, Value::from(i64::from(t.burst_limit()))),
                (RATE_LIMIT, number(t.rate_limit())),
            ])
        })
        .into_iter()
        .collect(),
    )
}

/// For tests and data sources: the stage keys of a state.
pub fn stage_keys(state: &Value) -> BTreeSet<String> {
    stages(API_STAGES.raw(state)).into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};
    use crate::tfvalue::Path;

    fn stage(api: &str, name: &str, throttle: &[(&str, i64, i64)]) -> Value {
        Value::object([
            (API_ID, Value::from(api)),
            (STAGE, Value::from(name)),
            (
                THROTTLE,
                Value::Set(
                    throttle
                        .iter()
                        .map(|(p, b, r)| {
                            Value::object([
                                (PATH, Value::from(*p)),
                                (BURST_LIMIT, Value::from(*b)),
                                (RATE_LIMIT, Value::from(*r)),
                            ])
                        })
                        .collect(),
                ),
            ),
        ])
    }

    fn plan_with(stages: Vec<Value>) -> Value {
        object(
            &UsagePlan,
            &[("name", "p".into()), ("api_stages", Value::Set(stages))],
        )
    }

    /// Stages are added and removed one by one, in place; a new per-method throttle is set by
    /// its own path.
    #[test]
    fn stages_change_in_place_by_value() {
        let prior = plan_with(vec![stage("a1", "test", &[]), stage("a1", "foo", &[])]);
        let planned = plan_with(vec![
            stage("a1", "test", &[("/pets/GET", 3, 6)]),
            stage("a2", "v1", &[]),
        ]);
        assert_eq!(
            patch::show(&crate::resources::decl::patch(&UsagePlan, &prior, &planned)),
            [
                "remove /apiStages a1:foo",
                "add /apiStages a2:v1",
                "replace /apiStages/a1:test/throttle//pets/GET/burstLimit 3",
                "replace /apiStages/a1:test/throttle//pets/GET/rateLimit 6",
            ]
        );
        assert!(crate::resources::decl::patch(&UsagePlan, &planned, &planned).is_empty());
    }

    #[test]
    fn quota_and_throttle_are_added_replaced_and_removed() {
        let quota = |limit: i64, period: &str| {
            Value::List(vec![Value::object([
                (LIMIT, Value::from(limit)),
                (OFFSET, Value::from(0)),
                (PERIOD, Value::from(period)),
            ])])
        };
        let none = object(&UsagePlan, &[("name", "p".into())]);
        let mut week = none.clone();
        week.set("quota_settings", quota(100, "WEEK"));
        let mut month = none.clone();
        month.set("quota_settings", quota(200, "MONTH"));
        assert_eq!(
            patch::show(&crate::resources::decl::patch(&UsagePlan, &none, &week)),
            [
                "add /quota/limit 100",
                "add /quota/offset 0",
                "add /quota/period WEEK"
            ]
        );
        assert_eq!(
            patch::show(&crate::resources::decl::patch(&UsagePlan, &week, &month)),
            ["replace /quota/limit 200", "replace /quota/period MONTH"]
        );
        assert_eq!(
            patch::show(&crate::resources::decl::patch(&UsagePlan, &month, &none)),
            ["remove /quota -"]
        );
    }

    /// A plan AWS will not delete with stages has them removed and is deleted again; a plan
    /// already gone is fine.
    #[tokio::test]
    async fn delete_removes_the_stages_when_aws_asks() {
        let got = r#"{"id":"p1","name":"p","apiStages":[{"apiId":"a1","stage":"test"}]}"#;
        let (aws, calls) = api(vec![
            (
                400,
                Some("BadRequestException"),
                r#"{"message":"Cannot delete Usage Plan with associated API stages"}"#,
            ),
            (200, None, got),
            (200, None, r#"{"id":"p1","name":"p"}"#),
            (202, None, ""),
            (
                404,
                Some("NotFoundException"),
                r#"{"message":"Invalid Usage Plan ID specified"}"#,
            ),
        ])
        .await;
        let state = object(&UsagePlan, &[("id", "p1".into()), ("name", "p".into())]);
        UsagePlan.delete(&aws, &state).await.unwrap();
        UsagePlan.delete(&aws, &state).await.unwrap();
        let log = requests(&calls);
        assert!(log[0].starts_with("DELETE /usageplans/p1"), "{log:?}");
        assert!(log[1].starts_with("GET /usageplans/p1"), "{log:?}");
        assert!(log[2].starts_with("PATCH /usageplans/p1"), "{log:?}");
        assert!(log[2].contains("a1:test"), "{log:?}");
        assert!(log[3].starts_with("DELETE /usageplans/p1"), "{log:?}");
        assert_eq!(log.len(), 5, "{log:?}");
    }

    #[test]
    fn quota_offsets_follow_the_period() {
        let mut config = object(&UsagePlan, &[("name", "p".into())]);
        config.set(
            "quota_settings",
            Value::List(vec![Value::object([
                (LIMIT, Value::from(10)),
                (OFFSET, Value::from(3)),
                (PERIOD, Value::from("DAY")),
            ])]),
        );
        let mut diags = Diagnostics::new();
        UsagePlan.validate(&config, &mut diags);
        let d = diags.into_vec();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].detail.contains("from 0 to 0 for the period DAY"),
            "{}",
            d[0].detail
        );
        assert_eq!(
            d[0].path,
            Some(Path::attr("quota_settings").with_index(0).with_attr(OFFSET))
        );
    }
}
