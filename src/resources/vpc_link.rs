//! `apigateway_vpc_link`: a link from API Gateway into a VPC through a Network Load Balancer,
//! for integrations with `connection_type = "VPC_LINK"`.
//!
//! Calls: CreateVpcLink, GetVpcLink, UpdateVpcLink (patch operations), DeleteVpcLink; tags
//! with TagResource/UntagResource. AWS makes and removes a link asynchronously: a create (and
//! an update) waits for `AVAILABLE`, a delete until the link is gone, polling GetVpcLink with
//! growing intervals within the `timeouts` block's limits (20 minutes by default, as the
//! official provider waits). State `id` and import ID: the VPC link id.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_vpc_link::CreateVpcLinkOutput;
use aws_sdk_apigateway::operation::create_vpc_link::builders::CreateVpcLinkFluentBuilder;
use aws_sdk_apigateway::operation::get_vpc_link::GetVpcLinkOutput;
use aws_sdk_apigateway::operation::update_vpc_link::UpdateVpcLinkOutput;
use aws_sdk_apigateway::types::{PatchOperation, VpcLinkStatus};

use crate::aws::{Aws, AwsError, ErrorKind, not_found_as_none};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::Validator;
use crate::tfvalue::{Path, Value};

use super::decl::tags;
use super::decl::{
    Block, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrList, StrMap, Update, aws,
    fields, set,
};
use super::keys::{NoParent, OwnId, OwnIdForm};
use super::timeouts::{self, Step};

/// `apigateway_vpc_link`'s import ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcLinkId;

impl OwnIdForm for VpcLinkId {
    const FORMAT: &'static str = "VPC-LINK-ID";
    const EXAMPLE: &'static str = "a1b2c3";
}

type Key = OwnId<VpcLinkId>;

/// How long a write waits unless the `timeouts` block says otherwise.
const DEFAULT_WAIT: Duration = Duration::from_secs(20 * 60);

/// The `apigateway_vpc_link` resource type.
#[derive(Debug)]
pub struct VpcLink;

impl Sdk for VpcLink {
    type Create = CreateVpcLinkFluentBuilder;
    type Created = CreateVpcLinkOutput;
    type Got = GetVpcLinkOutput;
    type Updated = UpdateVpcLinkOutput;
    type Item = GetVpcLinkOutput;
}

fields! { VpcLink;
    ID: Str = Field::new("id", "The VPC link id.").computed().keep_prior().read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the VPC link.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    DESCRIPTION: Str = Field::new("description", "Description of the VPC link.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    TARGET_ARNS: StrList = Field::new(
        "target_arns",
        "The ARN of the Network Load Balancer the link reaches (exactly one).",
    )
    .required()
    .replace()
    .validators(&[&NlbArns])
    .aws(aws!(target_arns), set!(set_target_arns)),
    // AWS does not answer the ARN: it is made from the region and the id (`complete`).
    ARN: Str = Field::new("arn", "ARN of the VPC link, `arn:aws:apigateway:REGION::/vpclinks/ID`.")
        .computed()
        .keep_prior()
        .policy(Policy::Custom),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
    TIMEOUTS: Block = Field::new(
        timeouts::TIMEOUTS,
        "How long to wait for AWS: `create` and `update` until the link is `AVAILABLE`, \
         `delete` until it is gone. 20 minutes each by default.",
    )
    .nested(timeouts::schema)
    .policy(Policy::Custom)
    .manual(),
}

#[async_trait]
impl Declared for VpcLink {
    const TYPE_NAME: &'static str = "apigateway_vpc_link";
    const OBJECT: &'static str = "VPC Link";
    const DESCRIPTION: &'static str = "A VPC link: private integrations reach a Network Load \
        Balancer in a VPC through it.";
    type Key = Key;
    type Parent = NoParent;
    const IDENTITY: Identity<Key> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const TAGGABLE: bool = true;

    // The create, then the wait for AVAILABLE; a link that fails or does not become available
    // in time is deleted again, so a failed apply leaves nothing behind.
    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateVpcLinkOutput, AwsError> {
        let limit = timeouts::get(input.planned(), "create", DEFAULT_WAIT);
        let out = input.fill(aws.client.create_vpc_link()).send().await?;
        // Already AVAILABLE (as LocalStack answers): nothing to wait for.
        if out.status() == Some(&VpcLinkStatus::Available) {
            return Ok(out);
        }
        let id = out.id().unwrap_or_default().to_owned();
        let reason = match wait(aws, &id, Want::Available, limit).await {
            Ok(Some(link)) => return Ok(created(link)),
            Ok(None) => "it disappeared".to_owned(),
            Err(reason) => reason,
        };
        let undone = aws.client.delete_vpc_link().vpc_link_id(&id).send().await;
        let after = if undone.is_ok() {
            "It was deleted again, so nothing is left behind.".to_owned()
        } else {
            format!("Deleting it failed as well: delete VPC link {id} by hand.")
        };
        Err(AwsError {
            kind: ErrorKind::Other,
            code: None,
            message: format!("VPC link {id} did not become AVAILABLE: {reason}. {after}"),
        })
    }

    async fn call_get(&self, aws: &Aws, key: &Key) -> Result<GetVpcLinkOutput, AwsError> {
        Ok(aws.client.get_vpc_link().vpc_link_id(&key.0).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &Key,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateVpcLinkOutput, AwsError> {
        Ok(aws
            .client
            .update_vpc_link()
            .vpc_link_id(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &Key) -> Result<(), AwsError> {
        aws.client
            .delete_vpc_link()
            .vpc_link_id(&key.0)
            .send()
            .await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        NAME.get(planned).unwrap_or_default().to_owned()
    }

    fn quirks(
        &self,
        _answer: &super::decl::Answer<'_, Self>,
        reference: &Value,
        state: &mut Value,
    ) {
        TIMEOUTS.put(state, timeouts::as_written(reference));
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
            Value::from(format!("arn:aws:apigateway:{}::/vpclinks/{id}", aws.region)),
        );
        Ok(())
    }

    // A renamed or redescribed link is PENDING again until AWS has applied it.
    async fn after_update(
        &self,
        aws: &Aws,
        prior: &Value,
        state: &Value,
    ) -> Result<(), Diagnostics> {
        if NAME.raw(prior) == NAME.raw(state) && DESCRIPTION.raw(prior) == DESCRIPTION.raw(state) {
            return Ok(());
        }
        let id = ID.get(state).unwrap_or_default();
        let limit = timeouts::get(state, "update", DEFAULT_WAIT);
        wait(aws, id, Want::Available, limit)
            .await
            .map(drop)
            .map_err(|reason| waiting_failed("Updating", id, &reason))
    }

    async fn after_delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        let id = ID.get(state).unwrap_or_default();
        let limit = timeouts::get(state, "delete", DEFAULT_WAIT);
        wait(aws, id, Want::Gone, limit)
            .await
            .map(drop)
            .map_err(|reason| waiting_failed("Deleting", id, &reason))
    }
}

fn waiting_failed(action: &str, id: &str, reason: &str) -> Diagnostics {
    Diagnostic::error(
        format!("{action} API Gateway VPC Link failed"),
        format!("{action} API Gateway VPC Link ({id}): {reason}."),
    )
    .into()
}

/// What a wait waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Available,
    Gone,
}

/// Polls GetVpcLink until the link is what `want` says (its last answer; `None` when gone),
/// for at most `limit` ([`timeouts::poll_until`]). The error says why not: AWS reports
/// FAILED (quoting its status message), the time ran out, or a call failed.
async fn wait(
    aws: &Aws,
    id: &str,
    want: Want,
    limit: Duration,
) -> Result<Option<GetVpcLinkOutput>, String> {
    let what = match want {
        Want::Available => format!("VPC link {id} to be AVAILABLE"),
        Want::Gone => format!("VPC link {id} to be deleted"),
    };
    timeouts::poll_until(aws, &what, limit, || async {
        let got = not_found_as_none(
            aws.client
                .get_vpc_link()
                .vpc_link_id(id)
                .send()
                .await
                .map_err(AwsError::from),
        )
        .map_err(|e| format!("reading its status failed: {}", e.message))?;
        let Some(link) = got else {
            return match want {
                Want::Gone => Ok(Step::Done(None)),
                Want::Available => Err("it disappeared while AWS was making it".to_owned()),
            };
        };
        let status = link.status().cloned();
        match (&status, want) {
            (Some(VpcLinkStatus::Available), Want::Available) => Ok(Step::Done(Some(link))),
            (Some(VpcLinkStatus::Failed), _) => Err(format!(
                "AWS reports it FAILED: {}",
                link.status_message().unwrap_or("(no status message)")
            )),
            _ => Ok(Step::Waiting(
                status
                    .as_ref()
                    .map_or("unknown", VpcLinkStatus::as_str)
                    .to_owned(),
            )),
        }
    })
    .await
}

/// The link as GetVpcLink answered it, in the create's answer shape.
fn created(link: GetVpcLinkOutput) -> CreateVpcLinkOutput {
    CreateVpcLinkOutput::builder()
        .set_id(link.id)
        .set_name(link.name)
        .set_description(link.description)
        .set_target_arns(link.target_arns)
        .set_status(link.status)
        .set_status_message(link.status_message)
        .set_tags(link.tags)
        .build()
}

/// `target_arns`: exactly one Network Load Balancer ARN
/// (`arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID`).
#[derive(Debug)]
struct NlbArns;

fn is_nlb_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts[..] else {
        return false;
    };
    let names: Vec<&str> = resource.split('/').collect();
    arn == "arn"
        && partition.starts_with("aws")
        && service == "elasticloadbalancing"
        && !region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && matches!(names[..], ["loadbalancer", "net", name, id] if !name.is_empty() && !id.is_empty())
}

impl Validator for NlbArns {
    fn description(&self) -> String {
        "exactly one Network Load Balancer ARN, \
         `arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID`"
            .to_owned()
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Some(items) = value.as_elements() else {
            return;
        };
        if items.len() != 1 {
            diags.attr_error(
                path,
                "Invalid attribute value",
                format!(
                    "{path} must hold {}; it has {} elements.",
                    self.description(),
                    items.len()
                ),
            );
        }
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = item.as_str()
                && !is_nlb_arn(s)
            {
                diags.attr_error(
                    &path.with_index(i),
                    "Invalid attribute value",
                    format!(
                        "{path}[{i}] is {s:?}, which is not a Network Load Balancer ARN \
                         (`arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID`)."
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    const NLB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/123";

    /// A scripted answer: the link with this status and status message.
    fn link(status: &str, message: &str) -> &'static str {
        Box::leak(
            format!(
                r#"{{"id":"l1","name":"link","targetArns":["{NLB}"],"status":"{status}","statusMessage":"{message}"}}"#
            )
            .into_boxed_str(),
        )
    }

    fn planned() -> Value {
        object(
            &VpcLink,
            &[
                ("name", "link".into()),
                ("target_arns", Value::List(vec![NLB.into()])),
            ],
        )
    }

    /// A create waits through PENDING until AVAILABLE and records the link.
    #[tokio::test]
    async fn a_create_waits_for_available() {
        let (pending, available) = (link("PENDING", ""), link("AVAILABLE", "ready"));
        let (aws, calls) = api(vec![
            (202, None, pending),
            (200, None, pending),
            (200, None, available),
        ])
        .await;
        let state = VpcLink.create(&aws, &planned()).await.unwrap();
        assert_eq!(ID.get(&state), Some("l1"));
        let log = requests(&calls);
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(log[0].starts_with("POST /vpclinks "), "{log:?}");
        assert!(log[2].starts_with("GET /vpclinks/l1"), "{log:?}");
    }

    /// A link AWS reports FAILED fails the create, quoting AWS's status message, and is
    /// deleted again.
    #[tokio::test]
    async fn a_failed_link_quotes_aws_and_is_deleted_again() {
        let pending = link("PENDING", "");
        let failed = link("FAILED", "NLB is not in an active state");
        let (aws, calls) = api(vec![
            (202, None, pending),
            (200, None, failed),
            (202, None, ""),
        ])
        .await;
        let d = VpcLink
            .create(&aws, &planned())
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail.contains("NLB is not in an active state"),
            "{}",
            d[0].detail
        );
        assert!(d[0].detail.contains("deleted again"), "{}", d[0].detail);
        let log = requests(&calls);
        assert!(log[2].starts_with("DELETE /vpclinks/l1"), "{log:?}");
    }

    /// The `timeouts` block bounds the wait: a link still PENDING after it is an error that
    /// says so.
    #[tokio::test]
    async fn the_wait_ends_at_the_timeout() {
        let pending = link("PENDING", "");
        let mut answers = vec![(202, None, pending)];
        answers.extend(std::iter::repeat_n((200, None, pending), 4));
        answers.push((202, None, ""));
        let (aws, _) = api(answers).await;
        let mut p = planned();
        p.set(
            "timeouts",
            Value::List(vec![Value::object([("create", Value::from("1s"))])]),
        );
        let d = VpcLink.create(&aws, &p).await.unwrap_err().into_vec();
        assert!(
            d[0].detail.contains("still PENDING after 1s"),
            "{}",
            d[0].detail
        );
    }

    /// A delete waits until GetVpcLink answers NotFound.
    #[tokio::test]
    async fn a_delete_waits_until_the_link_is_gone() {
        let gone = (
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Vpc Link identifier specified"}"#,
        );
        let (aws, calls) = api(vec![
            (202, None, ""),
            (200, None, link("DELETING", "")),
            gone,
        ])
        .await;
        let mut state = planned();
        ID.put(&mut state, "l1".into());
        VpcLink.delete(&aws, &state).await.unwrap();
        assert_eq!(requests(&calls).len(), 3);
    }

    #[test]
    fn targets_must_be_one_nlb() {
        let check = |v: Value| {
            let mut diags = Diagnostics::new();
            NlbArns.validate(&v, &Path::attr("target_arns"), &mut diags);
            diags.has_errors()
        };
        assert!(!check(Value::List(vec![NLB.into()])));
        assert!(check(Value::List(vec![
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/123".into()
        ])));
        assert!(check(Value::List(vec!["not-an-arn".into()])));
        assert!(check(Value::List(vec![NLB.into(), NLB.into()])));
    }
}
