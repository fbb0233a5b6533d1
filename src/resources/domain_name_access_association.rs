//! `apigateway_domain_name_access_association`: lets a VPC endpoint reach a private custom
//! domain name (the other half of the domain's `policy`).
//!
//! Calls: CreateDomainNameAccessAssociation, GetDomainNameAccessAssociations (AWS has no
//! single Get: the association is found in the account's list by its ARN),
//! DeleteDomainNameAccessAssociation; tags with TagResource/UntagResource. Every argument
//! replaces the association. State `id` and import ID: its ARN, as in the official provider.
//!
//! LocalStack answers these calls 501 (not implemented), so they are proven by unit tests
//! against scripted AWS answers only.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_domain_name_access_association::CreateDomainNameAccessAssociationOutput;
use aws_sdk_apigateway::operation::create_domain_name_access_association::builders::CreateDomainNameAccessAssociationFluentBuilder;
use aws_sdk_apigateway::types::{
    AccessAssociationSourceType, DomainNameAccessAssociation as Association, ResourceOwner,
};

use crate::aws::{Aws, AwsError, ErrorKind};
use crate::schema::validators::{OneOf, one_of};
use crate::tfvalue::Value;

use super::decl::tags;
use super::decl::{
    Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrMap, Update, aws, fields, set,
};
use super::keys::{NoParent, OwnId, OwnIdForm};

const SOURCE_TYPES: OneOf = one_of(&["VPCE"]);

/// `apigateway_domain_name_access_association`'s import ID: its ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssociationArn;

impl OwnIdForm for AssociationArn {
    const FORMAT: &'static str = "DOMAIN-NAME-ACCESS-ASSOCIATION-ARN";
    const EXAMPLE: &'static str = "arn:aws:apigateway:us-west-2:123456789012:/domainnameaccessassociations/domainname/api.internal.example.com+abcd1234/vpcesource/vpce-0123456789abcdef0";
    const ARN: bool = true;
}

type Key = OwnId<AssociationArn>;

/// The `apigateway_domain_name_access_association` resource type.
#[derive(Debug)]
pub struct DomainNameAccessAssociation;

impl Sdk for DomainNameAccessAssociation {
    type Create = CreateDomainNameAccessAssociationFluentBuilder;
    type Created = CreateDomainNameAccessAssociationOutput;
    type Got = Association;
    type Updated = Association;
    type Item = Association;
}

fields! { DomainNameAccessAssociation;
    ID: Str = Field::new("id", "The association's ARN.")
        .computed()
        .keep_prior()
        .read(aws!(domain_name_access_association_arn)),
    ACCESS_ASSOCIATION_SOURCE: Str = Field::new(
        "access_association_source",
        "The id of the VPC endpoint (`vpce-...`) that may reach the domain.",
    )
    .required()
    .replace()
    .aws(aws!(access_association_source), set!(set_access_association_source)),
    ACCESS_ASSOCIATION_SOURCE_TYPE: Str = Field::new(
        "access_association_source_type",
        "The kind of source: `VPCE`.",
    )
    .required()
    .replace()
    .validators(&[&SOURCE_TYPES])
    .aws(
        aws!(|o| o.access_association_source_type().map(AccessAssociationSourceType::as_str)),
        set!(set_access_association_source_type),
    ),
    DOMAIN_NAME_ARN: Str = Field::new(
        "domain_name_arn",
        "The ARN of the private custom domain name (`apigateway_domain_name.arn`).",
    )
    .required()
    .replace()
    .aws(aws!(domain_name_arn), set!(set_domain_name_arn)),
    ARN: Str = Field::new("arn", "The association's ARN.")
        .computed()
        .keep_prior()
        .read(aws!(domain_name_access_association_arn)),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
}

#[async_trait]
impl Declared for DomainNameAccessAssociation {
    const TYPE_NAME: &'static str = "apigateway_domain_name_access_association";
    const OBJECT: &'static str = "Domain Name Access Association";
    const DESCRIPTION: &'static str = "Lets a VPC endpoint reach a private custom domain name.";
    type Key = Key;
    type Parent = NoParent;
    const IDENTITY: Identity<Key> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // Every argument replaces the association; only tags change in place.
    const UPDATE: Update = Update::Patch;
    const TAGGABLE: bool = true;
    const MISSING_PARENT_HINT: &'static str = " Check that the private custom domain name exists.";

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateDomainNameAccessAssociationOutput, AwsError> {
        let call = aws.client.create_domain_name_access_association();
        Ok(input.fill(call).send().await?)
    }

    // AWS has no Get of one association: the account's list, page by page, by ARN.
    async fn call_get(&self, aws: &Aws, key: &Key) -> Result<Association, AwsError> {
        let mut position: Option<String> = None;
        loop {
            let page = aws
                .client
                .get_domain_name_access_associations()
                .resource_owner(ResourceOwner::SelfValue)
                .set_position(position.take())
                .send()
                .await?;
            if let Some(found) = page
                .items()
                .iter()
                .find(|a| a.domain_name_access_association_arn() == Some(key.0.as_str()))
            {
                return Ok(found.clone());
            }
            match page.position() {
                Some(next) if !next.is_empty() => position = Some(next.to_owned()),
                _ => {
                    return Err(AwsError {
                        kind: ErrorKind::NotFound,
                        code: None,
                        message: format!("no access association {} in the account", key.0),
                    });
                }
            }
        }
    }

    async fn call_delete(&self, aws: &Aws, key: &Key) -> Result<(), AwsError> {
        aws.client
            .delete_domain_name_access_association()
            .domain_name_access_association_arn(&key.0)
            .send()
            .await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        format!(
            "{} for {}",
            ACCESS_ASSOCIATION_SOURCE.get(planned).unwrap_or_default(),
            DOMAIN_NAME_ARN.get(planned).unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    const ARN_1: &str = "arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/api.internal.example.com+d1/vpcesource/vpce-1";
    const DOMAIN: &str =
        "arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.internal.example.com+d1";

    fn answer(arn: &str) -> String {
        format!(
            r#"{{"domainNameAccessAssociationArn":"{arn}","domainNameArn":"{DOMAIN}","accessAssociationSourceType":"VPCE","accessAssociationSource":"vpce-1","tags":{{"team":"api"}}}}"#
        )
    }

    /// Scripted AWS answers (LocalStack answers 501): one create, then a read that finds the
    /// association on the second page of the account's list.
    #[tokio::test]
    async fn create_is_one_call_and_reads_search_the_pages() {
        let created = answer(ARN_1);
        let page1 = format!(
            r#"{{"item":[{}],"position":"p2"}}"#,
            answer("arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/other")
        );
        let page2 = format!(r#"{{"item":[{}]}}"#, answer(ARN_1));
        let (aws, calls) = api(vec![
            (201, None, &*created.leak()),
            (200, None, &*page1.leak()),
            (200, None, &*page2.leak()),
        ])
        .await;
        let planned = object(
            &DomainNameAccessAssociation,
            &[
                ("access_association_source", "vpce-1".into()),
                ("access_association_source_type", "VPCE".into()),
                ("domain_name_arn", DOMAIN.into()),
            ],
        );
        let state = DomainNameAccessAssociation
            .create(&aws, &planned)
            .await
            .unwrap();
        assert_eq!(state.get("id").as_str(), Some(ARN_1));
        assert_eq!(ARN.get(&state), Some(ARN_1));
        let read = DomainNameAccessAssociation
            .read(&aws, &state)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ACCESS_ASSOCIATION_SOURCE.get(&read), Some("vpce-1"));
        let log = requests(&calls);
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(
            log[0].starts_with("POST /domainnameaccessassociations "),
            "{log:?}"
        );
        assert!(log[1].contains("resourceOwner=SELF"), "{log:?}");
        assert!(log[2].contains("position=p2"), "{log:?}");
    }

    #[tokio::test]
    async fn an_association_missing_from_the_list_is_gone() {
        let (aws, _calls) = api(vec![(200, None, r#"{"item":[]}"#)]).await;
        let state = DomainNameAccessAssociation.import(ARN_1).unwrap();
        assert!(
            DomainNameAccessAssociation
                .read(&aws, &state)
                .await
                .unwrap()
                .is_none()
        );
        assert!(DomainNameAccessAssociation.import("vpce-1").is_err());
    }
}
