//! `apigateway_base_path_mapping`: routes a path of a custom domain name (or its root) to a
//! stage of a REST API.
//!
//! Calls: CreateBasePathMapping, GetBasePathMapping, UpdateBasePathMapping (patch operations:
//! the API and the stage change in place), DeleteBasePathMapping. The domain, the base path and
//! a private domain's id name the mapping: changing one replaces it. State `id` and import ID:
//! `DOMAIN-NAME/BASE-PATH` (`DOMAIN-NAME/` for the root) or, for a private domain,
//! `DOMAIN-NAME/BASE-PATH/DOMAIN-NAME-ID`, as in the official provider.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_base_path_mapping::CreateBasePathMappingOutput;
use aws_sdk_apigateway::operation::create_base_path_mapping::builders::CreateBasePathMappingFluentBuilder;
use aws_sdk_apigateway::operation::get_base_path_mapping::GetBasePathMappingOutput;
use aws_sdk_apigateway::operation::update_base_path_mapping::UpdateBasePathMappingOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError};

use super::decl::{Decl, Declared, Field, Identity, Input, Sdk, Str, Update, aws, fields, set};
use super::keys::MappingKey;

/// The `apigateway_base_path_mapping` resource type.
#[derive(Debug)]
pub struct BasePathMapping;

impl Sdk for BasePathMapping {
    type Create = CreateBasePathMappingFluentBuilder;
    type Created = CreateBasePathMappingOutput;
    type Got = GetBasePathMappingOutput;
    type Updated = UpdateBasePathMappingOutput;
    type Item = GetBasePathMappingOutput;
}

fields! { BasePathMapping;
    API_ID: Str = Field::new("api_id", "The id of the REST API the path leads to.")
        .required()
        .aws(aws!(rest_api_id), set!(set_rest_api_id))
        .patch("/restApiId"),
    STAGE_NAME: Str = Field::new(
        "stage_name",
        "The stage of the API the path leads to. Left out, callers name the stage in the path \
         after the base path.",
    )
    .aws(aws!(stage), set!(set_stage))
    .patch("/stage"),
}

#[async_trait]
impl Declared for BasePathMapping {
    const TYPE_NAME: &'static str = "apigateway_base_path_mapping";
    const OBJECT: &'static str = "Base Path Mapping";
    const DESCRIPTION: &'static str = "Routes a path of a custom domain name (or its root) to a \
        stage of a REST API.";
    type Key = MappingKey;
    type Parent = MappingKey;
    const IDENTITY: Identity<MappingKey> = Identity::Named {
        id: |key| key.to_string(),
        doc: "`DOMAIN-NAME/BASE-PATH` (`DOMAIN-NAME/` for the root), with `/DOMAIN-NAME-ID` \
              after it for a private domain.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const MISSING_PARENT_HINT: &'static str =
        " Check that the custom domain name exists (and, for a private one, its id).";

    async fn call_create(
        &self,
        aws: &Aws,
        key: &MappingKey,
        input: Input<'_, Self>,
    ) -> Result<CreateBasePathMappingOutput, AwsError> {
        let base_path = Some(key.base_path.clone()).filter(|p| !p.is_empty());
        let call = aws
            .client
            .create_base_path_mapping()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .set_base_path(base_path);
        Ok(input.fill(call).send().await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &MappingKey,
    ) -> Result<GetBasePathMappingOutput, AwsError> {
        Ok(aws
            .client
            .get_base_path_mapping()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .base_path(key.aws_base_path())
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &MappingKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateBasePathMappingOutput, AwsError> {
        Ok(aws
            .client
            .update_base_path_mapping()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .base_path(key.aws_base_path())
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &MappingKey) -> Result<(), AwsError> {
        aws.client
            .delete_base_path_mapping()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .base_path(key.aws_base_path())
            .send()
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::patch;
    use crate::diag::Diagnostics;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};
    use crate::tfvalue::Value;

    #[tokio::test]
    async fn a_root_mapping_is_one_create_and_reads_with_none() {
        let answer = r#"{"basePath":"(none)","restApiId":"a1","stage":"prod"}"#;
        let (aws, calls) = api(vec![(201, None, answer), (200, None, answer)]).await;
        let planned = object(
            &BasePathMapping,
            &[
                ("domain_name", "api.example.com".into()),
                ("api_id", "a1".into()),
                ("stage_name", "prod".into()),
            ],
        );
        let state = BasePathMapping.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("api.example.com/"));
        assert_eq!(STAGE_NAME.get(&state), Some("prod"));
        let read = BasePathMapping.read(&aws, &state).await.unwrap().unwrap();
        assert_eq!(API_ID.get(&read), Some("a1"));
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(
            log[0].starts_with("POST /domainnames/api.example.com/basepathmappings "),
            "{log:?}"
        );
        assert!(
            log[1].starts_with("GET /domainnames/api.example.com/basepathmappings/(none)")
                || log[1]
                    .starts_with("GET /domainnames/api.example.com/basepathmappings/%28none%29"),
            "{log:?}"
        );
    }

    /// The API and the stage change in place, in one UpdateBasePathMapping.
    #[test]
    fn api_and_stage_are_patched() {
        let state = |api: &str, stage: &str| {
            object(
                &BasePathMapping,
                &[
                    ("domain_name", "api.example.com".into()),
                    ("base_path", "v1".into()),
                    ("api_id", api.into()),
                    ("stage_name", stage.into()),
                ],
            )
        };
        assert_eq!(
            patch::show(&crate::resources::decl::patch(
                &BasePathMapping,
                &state("a1", "prod"),
                &state("a2", "test"),
            )),
            ["replace /restApiId a2", "replace /stage test"]
        );
    }

    #[test]
    fn import_ids_and_base_paths_follow_aws() {
        let root = BasePathMapping.import("api.example.com/").unwrap();
        assert!(root.get("base_path").is_null());
        let private = BasePathMapping.import("api.example.com/v1/abc123").unwrap();
        assert_eq!(private.get("base_path").as_str(), Some("v1"));
        assert_eq!(private.get("domain_name_id").as_str(), Some("abc123"));
        assert_eq!(
            private.get("id").as_str(),
            Some("api.example.com/v1/abc123")
        );
        assert!(BasePathMapping.import("api.example.com").is_err());
        for (path, ok) in [
            ("v1", true),
            ("v1/beta", true),
            ("v 1", false),
            ("/v1", false),
        ] {
            let config = object(
                &BasePathMapping,
                &[
                    ("domain_name", "api.example.com".into()),
                    ("base_path", Value::from(path)),
                    ("api_id", "a1".into()),
                ],
            );
            let mut diags = Diagnostics::new();
            let schema = BasePathMapping.schema();
            crate::schema::validate::validate_config(&schema.block, &config, &mut diags);
            assert_eq!(!diags.has_errors(), ok, "{path}: {diags:?}");
        }
    }
}
