//! `apigateway_resource`: one path segment of a REST API (`/pets`, `/pets/{id}`).
//!
//! Calls: CreateResource, UpdateResource (patch `/parentId`, `/pathPart`), DeleteResource,
//! and for reads the API's read snapshot (`GetResources?embed=methods`, one call for all the
//! API's resources, methods and responses during a refresh, see [`crate::aws::cache`]) or
//! GetResource when snapshots are off. State `id`: the resource id; import ID
//! `REST-API-ID/RESOURCE-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_resource::CreateResourceOutput;
use aws_sdk_apigateway::operation::create_resource::builders::CreateResourceFluentBuilder;
use aws_sdk_apigateway::operation::get_resource::GetResourceOutput;
use aws_sdk_apigateway::operation::update_resource::UpdateResourceOutput;
use aws_sdk_apigateway::types::{PatchOperation, Resource as Item};

use crate::aws::{Aws, AwsError};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::{StringCheck, string_check};
use crate::tfvalue::Value;

use super::adopt_found;
use super::decl::{
    Answer, Decl, Declared, Field, Identity, Input, Sdk, Seen, Str, Update, aws, fields, set, state,
};
use super::keys::{ApiChild, ApiId, Ident, ImportForm};

/// The `apigateway_resource` resource type.
#[derive(Debug)]
pub struct ApiResource;

impl Sdk for ApiResource {
    type Create = CreateResourceFluentBuilder;
    type Created = CreateResourceOutput;
    type Got = GetResourceOutput;
    type Updated = UpdateResourceOutput;
    type Item = Item;
}

const PATH_PART_CHECK: StringCheck =
    string_check("a non-empty path segment without `/`", check_path_part);

fields! { ApiResource;
    ID: Str = Field::new("id", "The resource id.").computed().keep_prior().read(aws!(id)),
    PARENT_ID: Str = Field::new(
        "parent_id",
        "Id of the parent resource: the REST API's `root_resource_id` for a top-level path. \
         Changing it moves the resource in place.",
    )
    .required()
    .aws(aws!(parent_id), set!(set_parent_id))
    .patch("/parentId"),
    PATH_PART: Str = Field::new(
        "path_part",
        "The last path segment: a name, a path parameter `{name}` or the greedy `{proxy+}`. It \
         may not contain `/`. Changing it renames the resource in place.",
    )
    .required()
    .validators(&[&PATH_PART_CHECK])
    .aws(aws!(path_part), set!(set_path_part))
    .patch("/pathPart"),
    PATH: Str = Field::new("path", "The full path, e.g. `/pets/{petId}`.").computed().read(aws!(path)),
}

#[async_trait]
impl Declared for ApiResource {
    const TYPE_NAME: &'static str = "apigateway_resource";
    const OBJECT: &'static str = "Resource";
    const DESCRIPTION: &'static str = "A resource (path segment) of an API Gateway REST API.";
    type Key = ApiChild;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiChild> = Identity::Assigned;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/RESOURCE-ID",
        example: "a1b2c3d4e5/x1y2z3",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;
    // AWS: 409 "Another resource with the same parent already has this name" (see `adopt`).
    const ADOPT: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<CreateResourceOutput, AwsError> {
        Ok(input
            .fill(aws.client.create_resource().rest_api_id(&api.0))
            .send()
            .await?)
    }

    async fn call_get(&self, aws: &Aws, key: &ApiChild) -> Result<GetResourceOutput, AwsError> {
        Ok(aws
            .client
            .get_resource()
            .rest_api_id(&key.rest_api_id)
            .resource_id(&key.id)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ApiChild,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateResourceOutput, AwsError> {
        let call = aws
            .client
            .update_resource()
            .rest_api_id(&key.rest_api_id)
            .resource_id(&key.id);
        Ok(call.set_patch_operations(Some(ops)).send().await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &ApiChild) -> Result<(), AwsError> {
        aws.client
            .delete_resource()
            .rest_api_id(&key.rest_api_id)
            .resource_id(&key.id)
            .send()
            .await?;
        Ok(())
    }

    async fn snapshot(&self, aws: &Aws, key: &ApiChild) -> Result<Seen<Item>, AwsError> {
        Ok(Seen::from(
            aws.cache
                .resource(&aws.client, &key.rest_api_id, &key.id)
                .await?,
        ))
    }

    // The id is not known before the create: messages name the API and the path part.
    fn creating_id(&self, api: &ApiId, planned: &Value) -> String {
        format!(
            "{api}, path part {:?}",
            PATH_PART.get(planned).unwrap_or_default()
        )
    }

    // The full path is derived from the segment and the parent, so it only changes with them.
    fn adjust_plan(
        &self,
        prior: &Value,
        _config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        let same = |f: &Field<Self, Str>| f.raw(planned) == f.raw(prior);
        if !prior.is_null() && same(&PATH_PART) && same(&PARENT_ID) {
            let path = PATH.raw(prior).clone();
            PATH.put(planned, path);
        }
    }

    // A path is unique under its parent, so the resource a 409 found is the one an interrupted
    // apply created: adopt it (or explain how to import it).
    async fn adopt(
        &self,
        aws: &Aws,
        planned: &Value,
        creating: Diagnostic,
    ) -> Result<Value, Diagnostics> {
        let api = ApiId::from_state(planned)?;
        let (parent, part) = (PARENT_ID.get(planned), PATH_PART.get(planned));
        let found = aws
            .cache
            .resources(&aws.client, &api.0)
            .await
            .map(|all| {
                let sibling = all
                    .iter()
                    .find(|r| r.parent_id() == parent && r.path_part() == part)?;
                Some(state(self, &Answer::Item(sibling), planned))
            })
            .map_err(|e| {
                Diagnostics::from(e.diagnostic(
                    "Reading",
                    Self::OBJECT,
                    &self.creating_id(&api, planned),
                ))
            });
        let import_id = match &found {
            Ok(Some(existing)) => format!("{api}/{}", ID.get(existing).unwrap_or_default()),
            _ => format!("{api}/<resource id>"),
        };
        adopt_found(Self::TYPE_NAME, &import_id, planned, creating, found)
    }
}

fn check_path_part(s: &str) -> Result<(), String> {
    if s.is_empty() {
        Err("it is empty".to_owned())
    } else if s.contains('/') {
        Err("it contains `/`; nest resources with `parent_id` instead".to_owned())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{
        Answer, api, api_with_snapshots, assert_one_snapshot_load, requests,
    };

    /// GetResources?embed=methods for API `api1`: the root, `/pets` and `/pets/{id}`.
    const RESOURCES: &str = r#"{"item":[{"id":"root","path":"/"},{"id":"pets","parentId":"root","pathPart":"pets","path":"/pets","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE"}}},{"id":"pet","parentId":"pets","pathPart":"{id}","path":"/pets/{id}"}]}"#;

    fn pet() -> Value {
        Value::object([
            ("id", "pet".into()),
            ("rest_api_id", "api1".into()),
            ("parent_id", "pets".into()),
            ("path_part", "{id}".into()),
            ("path", "/pets/{id}".into()),
        ])
    }

    #[test]
    fn import_id_has_two_parts() {
        let v = ApiResource.import("api1/res1").unwrap();
        assert_eq!(v.get("rest_api_id").as_str(), Some("api1"));
        assert_eq!(v.get("id").as_str(), Some("res1"));
        for bad in ["api1", "api1/", "/res", "a/b/c", ""] {
            let d = ApiResource.import(bad).unwrap_err().into_vec();
            assert!(d[0].detail.contains("REST-API-ID/RESOURCE-ID"), "{bad}");
        }
    }

    #[test]
    fn path_part_rules() {
        assert!(check_path_part("{proxy+}").is_ok());
        assert!(check_path_part("a/b").is_err());
        assert!(check_path_part("").is_err());
    }

    #[tokio::test]
    async fn reads_during_a_refresh_share_one_snapshot_of_the_api() {
        let (aws, log) = api_with_snapshots(vec![(200, None, RESOURCES)]).await;
        let imported = ApiResource.import("api1/pet").unwrap();
        assert_eq!(
            ApiResource.read(&aws, &imported).await.unwrap(),
            Some(pet())
        );
        let pets = ApiResource.import("api1/pets").unwrap();
        let state = ApiResource.read(&aws, &pets).await.unwrap().unwrap();
        assert_eq!(state.get("path").as_str(), Some("/pets"));
        assert_eq!(state.get("parent_id").as_str(), Some("root"));
        let gone = ApiResource.import("api1/other").unwrap();
        assert_eq!(ApiResource.read(&aws, &gone).await.unwrap(), None);
        assert_one_snapshot_load(&log, "api1");
    }

    #[tokio::test]
    async fn without_snapshots_a_read_is_one_get_and_a_vanished_resource_is_none() {
        let (aws, log) = api(vec![
            (
                200,
                None,
                r#"{"id":"pet","parentId":"pets","pathPart":"{id}","path":"/pets/{id}"}"#,
            ),
            (
                404,
                Some("NotFoundException"),
                r#"{"message":"Invalid Resource identifier specified"}"#,
            ),
        ])
        .await;
        assert_eq!(ApiResource.read(&aws, &pet()).await.unwrap(), Some(pet()));
        assert_eq!(ApiResource.read(&aws, &pet()).await.unwrap(), None);
        assert_eq!(
            requests(&log),
            [
                "GET /restapis/api1/resources/pet",
                "GET /restapis/api1/resources/pet"
            ]
        );
    }

    #[tokio::test]
    async fn a_refresh_of_a_deleted_api_finds_nothing() {
        let (aws, _) = api_with_snapshots(vec![(
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid API identifier specified"}"#,
        )])
        .await;
        assert_eq!(ApiResource.read(&aws, &pet()).await.unwrap(), None);
    }

    /// AWS's answer to a second CreateResource of the same path under the same parent.
    const SAME_NAME: Answer = (
        409,
        Some("ConflictException"),
        r#"{"message":"Another resource with the same parent already has this name: {id}"}"#,
    );

    #[tokio::test]
    async fn create_adopts_the_resource_an_interrupted_apply_left_behind() {
        let (aws, log) = api(vec![SAME_NAME, (200, None, RESOURCES)]).await;
        let mut planned = pet();
        planned.set("id", Value::Unknown);
        planned.set("path", Value::Unknown);
        assert_eq!(ApiResource.create(&aws, &planned).await.unwrap(), pet());
        let calls = requests(&log);
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert!(
            calls[0].starts_with("POST /restapis/api1/resources/pets"),
            "{calls:?}"
        );
        assert!(
            calls[1].starts_with("GET /restapis/api1/resources"),
            "{calls:?}"
        );
    }

    #[tokio::test]
    async fn a_conflict_with_nothing_to_adopt_reports_the_create_error() {
        let (aws, _) = api(vec![SAME_NAME, (200, None, r#"{"item":[]}"#)]).await;
        let mut planned = pet();
        planned.set("id", Value::Unknown);
        let d = ApiResource
            .create(&aws, &planned)
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail
                .contains("Another resource with the same parent"),
            "{}",
            d[0].detail
        );
    }
}
