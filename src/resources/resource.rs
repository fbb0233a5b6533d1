//! `apigateway_resource`: one path segment of a REST API (`/pets`, `/pets/{id}`).
//!
//! Calls: CreateResource, UpdateResource (patch `/parentId`, `/pathPart`), DeleteResource,
//! and for reads the API's read snapshot (`GetResources?embed=methods`, one call for all the
//! API's resources, methods and responses during a refresh, see [`crate::aws::cache`]) or
//! GetResource when snapshots are off. State `id`: the resource id; import ID
//! `REST-API-ID/RESOURCE-ID`.

use async_trait::async_trait;

use crate::aws::{Aws, AwsError, not_found_as_none, patch, retry};
use crate::diag::Diagnostics;
use crate::schema::validators::string_check;
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::Value;

use super::{Resource, bad_import_id, required_str};

const OBJECT: &str = "Resource";

/// The `apigateway_resource` resource type.
#[derive(Debug)]
pub struct ApiResource;

#[async_trait]
impl Resource for ApiResource {
    fn type_name(&self) -> &'static str {
        "apigateway_resource"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("A resource (path segment) of an API Gateway REST API.")
                .attribute(
                    Attribute::string("id", "The resource id.")
                        .computed()
                        .use_state_for_unknown(),
                )
                .attribute(
                    Attribute::string(
                        "rest_api_id",
                        "Id of the REST API. Changing it replaces the resource.",
                    )
                    .required()
                    .requires_replace(),
                )
                .attribute(
                    Attribute::string(
                        "parent_id",
                        "Id of the parent resource: the REST API's `root_resource_id` for a \
                    top-level path. Changing it moves the resource in place.",
                    )
                    .required(),
                )
                .attribute(
                    Attribute::string(
                        "path_part",
                        "The last path segment: a name, a path parameter `{name}` or the greedy \
                        `{proxy+}`. It may not contain `/`. Changing it renames the resource in \
                        place.",
                    )
                    .required()
                    .validator(string_check(
                        "a non-empty path segment without `/`",
                        check_path_part,
                    )),
                )
                .attribute(
                    Attribute::string("path", "The full path, e.g. `/pets/{petId}`.").computed(),
                ),
        )
    }

    fn modify_plan(
        &self,
        prior: &Value,
        _config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        // The full path only changes when the segment or the parent does.
        if !prior.is_null()
            && planned.get("path_part") == prior.get("path_part")
            && planned.get("parent_id") == prior.get("parent_id")
        {
            planned.set("path", prior.get("path").clone());
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let api = required_str(planned, "rest_api_id")?;
        let parent = required_str(planned, "parent_id")?;
        let part = required_str(planned, "path_part")?;
        let created = retry::on_conflict(aws, || async {
            aws.client
                .create_resource()
                .rest_api_id(api)
                .parent_id(parent)
                .path_part(part)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await;
        match created {
            Ok(out) => Ok(state!(api, out)),
            // AWS: 409 "Another resource with the same parent already has this name". A path
            // is unique under its parent, so the existing resource is the one an interrupted
            // apply created: adopt it (or explain how to import it).
            Err(e) if e.is_already_exists() => {
                let creating =
                    e.diagnostic("Creating", OBJECT, &format!("{api}, path part {part:?}"));
                let found = aws
                    .cache
                    .resources(&aws.client, api)
                    .await
                    .map(|all| {
                        all.iter()
                            .find(|r| r.parent_id() == Some(parent) && r.path_part() == Some(part))
                            .map(|r| state!(api, r))
                    })
                    .map_err(|e| {
                        Diagnostics::from(e.diagnostic(
                            "Reading",
                            OBJECT,
                            &format!("{api}, path part {part:?}"),
                        ))
                    });
                let import_id = match &found {
                    Ok(Some(existing)) => {
                        format!("{api}/{}", existing.get("id").as_str().unwrap_or_default())
                    }
                    _ => format!("{api}/<resource id>"),
                };
                super::adopt_found(self.type_name(), &import_id, planned, creating, found)
            }
            Err(e) => Err(e
                .diagnostic("Creating", OBJECT, &format!("{api}, path part {part:?}"))
                .into()),
        }
    }

    async fn read(&self, aws: &Aws, state_in: &Value) -> Result<Option<Value>, Diagnostics> {
        let api = required_str(state_in, "rest_api_id")?;
        let id = required_str(state_in, "id")?;
        find(aws, api, id).await
    }

    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let api = required_str(prior, "rest_api_id")?;
        let id = required_str(prior, "id")?;
        let mut ops = Vec::new();
        for (attr, path) in [("parent_id", "/parentId"), ("path_part", "/pathPart")] {
            if planned.get(attr) != prior.get(attr) {
                ops.push(patch::replace(path, planned.get(attr).as_str()));
            }
        }
        if ops.is_empty() {
            return Ok(planned.clone());
        }
        let out = retry::on_conflict(aws, || async {
            aws.client
                .update_resource()
                .rest_api_id(api)
                .resource_id(id)
                .set_patch_operations(Some(ops.clone()))
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await
        .map_err(|e| e.diagnostic("Updating", OBJECT, &format!("{api}/{id}")))?;
        Ok(state!(api, out))
    }

    async fn delete(&self, aws: &Aws, state_in: &Value) -> Result<(), Diagnostics> {
        let api = required_str(state_in, "rest_api_id")?;
        let id = required_str(state_in, "id")?;
        // Already gone (possibly with its API) is what a delete wants.
        retry::delete(aws, OBJECT, &format!("{api}/{id}"), || async {
            aws.client
                .delete_resource()
                .rest_api_id(api)
                .resource_id(id)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await?;
        Ok(())
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        match id.split('/').collect::<Vec<_>>().as_slice() {
            [api, res] if !api.is_empty() && !res.is_empty() => Ok(Value::object([
                ("rest_api_id", Value::from(*api)),
                ("id", Value::from(*res)),
            ])),
            _ => Err(bad_import_id(
                self.type_name(),
                id,
                None,
                "REST-API-ID/RESOURCE-ID",
                "a1b2c3d4e5/x1y2z3",
            )),
        }
    }
}

/// The resource `id` of API `api` as a state, or `None` when it or its API is gone. From the
/// API's read snapshot when snapshots are on (it carries each resource's id, parent id, path
/// part and path), else GetResource.
async fn find(aws: &Aws, api: &str, id: &str) -> Result<Option<Value>, Diagnostics> {
    let found = if aws.cache.enabled() {
        aws.cache
            .resource(&aws.client, api, id)
            .await
            .map(|found| found.map(|r| state!(api, r)))
    } else {
        let result = aws
            .client
            .get_resource()
            .rest_api_id(api)
            .resource_id(id)
            .send()
            .await
            .map_err(AwsError::from);
        not_found_as_none(result).map(|out| out.map(|o| state!(api, o)))
    };
    found.map_err(|e| {
        e.diagnostic("Reading", OBJECT, &format!("{api}/{id}"))
            .into()
    })
}

/// The state from any answer that describes a resource (Create, Get and Update answer alike,
/// and so does the snapshot's item).
macro_rules! state {
    ($api:expr, $out:expr) => {{
        let out = &$out;
        Value::object([
            ("id", Value::opt_string(out.id())),
            ("rest_api_id", Value::from($api)),
            ("parent_id", Value::opt_string(out.parent_id())),
            ("path_part", Value::opt_string(out.path_part())),
            ("path", Value::opt_string(out.path())),
        ])
    }};
}
use state;

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
