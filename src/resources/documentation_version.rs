//! `apigateway_documentation_version`: a named snapshot of a REST API's documentation parts,
//! which a stage shows through its `documentation_version` and which exports include.
//!
//! Calls: CreateDocumentationVersion, GetDocumentationVersion, UpdateDocumentationVersion (the
//! description, by patch) and DeleteDocumentationVersion; one per operation. State `id`:
//! `REST-API-ID/VERSION`; import ID the same.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_documentation_version::CreateDocumentationVersionOutput;
use aws_sdk_apigateway::operation::create_documentation_version::builders::CreateDocumentationVersionFluentBuilder;
use aws_sdk_apigateway::operation::get_documentation_version::GetDocumentationVersionOutput;
use aws_sdk_apigateway::operation::update_documentation_version::UpdateDocumentationVersionOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError};

use super::decl::{Decl, Declared, Field, Identity, Input, Sdk, Str, Update, aws, fields, set};
use super::keys::DocVersionKey;

/// The `apigateway_documentation_version` resource type.
#[derive(Debug)]
pub struct DocumentationVersion;

impl Sdk for DocumentationVersion {
    type Create = CreateDocumentationVersionFluentBuilder;
    type Created = CreateDocumentationVersionOutput;
    type Got = GetDocumentationVersionOutput;
    type Updated = UpdateDocumentationVersionOutput;
    type Item = aws_sdk_apigateway::types::DocumentationVersion;
}

fields! { DocumentationVersion;
    DESCRIPTION: Str = Field::new("description", "Description of the version. Changed in place.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
}

#[async_trait]
impl Declared for DocumentationVersion {
    const TYPE_NAME: &'static str = "apigateway_documentation_version";
    const OBJECT: &'static str = "Documentation Version";
    const DESCRIPTION: &'static str = "A documentation version of an API Gateway REST API: a named \
        snapshot of its documentation parts.";
    type Key = DocVersionKey;
    type Parent = DocVersionKey;
    const IDENTITY: Identity<DocVersionKey> = Identity::Named {
        id: |key| key.to_string(),
        doc: "`REST-API-ID/VERSION`, as in the hashicorp/aws provider, known at plan time.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &DocVersionKey,
        input: Input<'_, Self>,
    ) -> Result<CreateDocumentationVersionOutput, AwsError> {
        let call = aws
            .client
            .create_documentation_version()
            .rest_api_id(&key.rest_api_id)
            .documentation_version(&key.name);
        Ok(input.fill(call).send().await?)
    }

    // A refresh reads every documentation version of the API with one list call.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &DocVersionKey,
    ) -> Result<super::decl::Seen<aws_sdk_apigateway::types::DocumentationVersion>, AwsError> {
        let all = crate::aws::not_found_as_none(
            aws.cache
                .documentation_versions(&aws.client, &key.rest_api_id)
                .await,
        )?;
        let this = |d: &&aws_sdk_apigateway::types::DocumentationVersion| {
            d.version() == Some(key.name.as_str())
        };
        Ok(super::decl::Seen::in_list(all, this))
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &DocVersionKey,
    ) -> Result<GetDocumentationVersionOutput, AwsError> {
        let call = aws.client.get_documentation_version();
        Ok(call
            .rest_api_id(&key.rest_api_id)
            .documentation_version(&key.name)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &DocVersionKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateDocumentationVersionOutput, AwsError> {
        let call = aws
            .client
            .update_documentation_version()
            .rest_api_id(&key.rest_api_id);
        Ok(call
            .documentation_version(&key.name)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &DocVersionKey) -> Result<(), AwsError> {
        let call = aws
            .client
            .delete_documentation_version()
            .rest_api_id(&key.rest_api_id);
        call.documentation_version(&key.name).send().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};
    use crate::tfvalue::Value;

    #[tokio::test]
    async fn create_is_one_call_and_the_id_is_api_slash_version() {
        let answer = r#"{"version":"1.0","description":"first","createdDate":1700000000}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let planned = object(
            &DocumentationVersion,
            &[
                ("rest_api_id", "a1".into()),
                ("version", "1.0".into()),
                ("description", "first".into()),
            ],
        );
        let state = DocumentationVersion.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("a1/1.0"));
        assert_eq!(DESCRIPTION.get(&state), Some("first"));
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(
            log[0].starts_with("POST /restapis/a1/documentation/versions"),
            "{log:?}"
        );
        assert!(
            log[0].contains(r#""documentationVersion":"1.0""#),
            "{log:?}"
        );
    }

    #[test]
    fn import_ids_are_checked() {
        let ok = DocumentationVersion.import("a1/1.0.0").unwrap();
        assert_eq!(ok.get("version"), &Value::from("1.0.0"));
        assert_eq!(ok.get("id"), &Value::from("a1/1.0.0"));
        for bad in ["a1", "a1/", "a1/1 0"] {
            let d = DocumentationVersion.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains("REST-API-ID/VERSION"),
                "{bad}: {}",
                d[0].detail
            );
        }
    }

    /// A refresh reads every version of the API with one GetDocumentationVersions.
    #[tokio::test]
    async fn a_refresh_reads_every_version_with_one_call() {
        let versions = r#"{"item":[{"version":"v1","description":"one"},{"version":"v2"}]}"#;
        let (aws, calls) =
            crate::resources::testing::api_with_snapshots(vec![(200, None, versions)]).await;
        let prior = |version: &str| {
            object(
                &DocumentationVersion,
                &[("rest_api_id", "a1".into()), ("version", version.into())],
            )
        };
        let v1 = DocumentationVersion
            .read(&aws, &prior("v1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(DESCRIPTION.get(&v1), Some("one"));
        assert!(
            DocumentationVersion
                .read(&aws, &prior("v2"))
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            DocumentationVersion
                .read(&aws, &prior("v3"))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            requests(&calls),
            ["GET /restapis/a1/documentation/versions?limit=500"]
        );
    }
}
