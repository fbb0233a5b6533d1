//! `apigateway_documentation_part`: documentation of one part of a REST API (the API, a
//! resource, a method, a parameter, a response, ...), as a JSON object of properties.
//!
//! Calls: CreateDocumentationPart, GetDocumentationPart, UpdateDocumentationPart (the
//! properties, by patch) and DeleteDocumentationPart; one per operation. A part's location is
//! its identity: changing it replaces the part. State `id`: `REST-API-ID/DOC-PART-ID`, with the
//! part's own id in `documentation_part_id`; import ID `REST-API-ID/DOC-PART-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_documentation_part::CreateDocumentationPartOutput;
use aws_sdk_apigateway::operation::create_documentation_part::builders::CreateDocumentationPartFluentBuilder;
use aws_sdk_apigateway::operation::get_documentation_part::GetDocumentationPartOutput;
use aws_sdk_apigateway::operation::update_documentation_part::UpdateDocumentationPartOutput;
use aws_sdk_apigateway::types::{DocumentationPartLocation, DocumentationPartType, PatchOperation};

use crate::aws::{Aws, AwsError};
use crate::diag::Diagnostics;
use crate::schema::validators::{OneOf, one_of};
use crate::schema::{Attribute, Block as SchemaBlock};
use crate::tfvalue::Value;

use super::checks;
use super::decl::{
    Answer, Block, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, Update, aws, fields,
    set,
};
use super::keys::{ApiId, DOC_PART_ID, DocPartKey, Ident};

/// The attributes of the `location` block.
const TYPE: &str = "type";
const METHOD: &str = "method";
const NAME: &str = "name";
const PATH: &str = "path";
const STATUS_CODE: &str = "status_code";
/// The state `id`.
const ID_ATTR: &str = "id";

const LOCATION_TYPES: OneOf = one_of(&[
    "API",
    "AUTHORIZER",
    "MODEL",
    "RESOURCE",
    "METHOD",
    "PATH_PARAMETER",
    "QUERY_PARAMETER",
    "REQUEST_HEADER",
    "REQUEST_BODY",
    "RESPONSE",
    "RESPONSE_HEADER",
    "RESPONSE_BODY",
]);

/// The `apigateway_documentation_part` resource type.
#[derive(Debug)]
pub struct DocumentationPart;

impl Sdk for DocumentationPart {
    type Create = CreateDocumentationPartFluentBuilder;
    type Created = CreateDocumentationPartOutput;
    type Got = GetDocumentationPartOutput;
    type Updated = UpdateDocumentationPartOutput;
    type Item = aws_sdk_apigateway::types::DocumentationPart;
}

fields! { DocumentationPart;
    DOCUMENTATION_PART_ID: Str = Field::new(DOC_PART_ID, "The part's id, which AWS assigns.")
        .computed()
        .keep_prior()
        .read(aws!(id)),
    LOCATION: Block = Field::new(
        "location",
        "What the part documents. Exactly one block; changing it replaces the part.",
    )
    .nested(location_schema)
    .policy(Policy::Custom)
    .send(send_location)
    .manual(),
    PROPERTIES: Str = Field::new(
        "properties",
        "The documentation, a JSON object, e.g. `jsonencode({ description = \"...\" })`. \
         Compared as JSON. Changed in place.",
    )
    .required()
    .policy(Policy::JsonAsWritten)
    .validators(&[&checks::JSON_DOCUMENT])
    .aws(aws!(properties), set!(set_properties))
    .patch("/properties"),
}

#[async_trait]
impl Declared for DocumentationPart {
    const TYPE_NAME: &'static str = "apigateway_documentation_part";
    const OBJECT: &'static str = "Documentation Part";
    const DESCRIPTION: &'static str = "A documentation part of an API Gateway REST API: the \
        documentation of the API or one of its resources, methods, parameters or responses.";
    type Key = DocPartKey;
    type Parent = ApiId;
    const IDENTITY: Identity<DocPartKey> = Identity::Named {
        id: |key| key.to_string(),
        doc: "`REST-API-ID/DOC-PART-ID`, as in the hashicorp/aws provider.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<CreateDocumentationPartOutput, AwsError> {
        let call = aws.client.create_documentation_part().rest_api_id(&api.0);
        Ok(input.fill(call).send().await?)
    }

    // A refresh reads every documentation part of the API with one list call.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &DocPartKey,
    ) -> Result<super::decl::Seen<aws_sdk_apigateway::types::DocumentationPart>, AwsError> {
        let all = crate::aws::not_found_as_none(
            aws.cache
                .documentation_parts(&aws.client, &key.rest_api_id)
                .await,
        )?;
        let this = |d: &&aws_sdk_apigateway::types::DocumentationPart| {
            d.id() == Some(key.part_id.as_str())
        };
        Ok(super::decl::Seen::in_list(all, this))
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &DocPartKey,
    ) -> Result<GetDocumentationPartOutput, AwsError> {
        let call = aws.client.get_documentation_part();
        Ok(call
            .rest_api_id(&key.rest_api_id)
            .documentation_part_id(&key.part_id)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &DocPartKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateDocumentationPartOutput, AwsError> {
        let call = aws
            .client
            .update_documentation_part()
            .rest_api_id(&key.rest_api_id);
        Ok(call
            .documentation_part_id(&key.part_id)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &DocPartKey) -> Result<(), AwsError> {
        let call = aws
            .client
            .delete_documentation_part()
            .rest_api_id(&key.rest_api_id);
        call.documentation_part_id(&key.part_id).send().await?;
        Ok(())
    }

    // The schema cannot require a block: exactly one `location`.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        if LOCATION.get(config).is_some_and(|b| b.len() != 1) {
            diags.attr_error(
                &LOCATION.path(),
                "Missing location",
                "A documentation part needs exactly one `location` block: what it documents.",
            );
        }
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let written = LOCATION.get(reference).and_then(<[Value]>::first).cloned();
        let location = aws!(for Self, |o| location_value(o.location(), written.as_ref()))(answer);
        LOCATION.put(state, location);
        // The id joins the API's and the part's, which a create learns only now.
        if let Ok(key) = DocPartKey::from_state(state) {
            state.set(ID_ATTR, Value::from(key.to_string()));
        }
    }
}

/// The `location` block.
fn location_schema() -> SchemaBlock {
    let optional = |name: &str, description: &str| {
        Attribute::string(name, description)
            .optional_computed()
            .use_state_for_unknown()
            .requires_replace()
    };
    SchemaBlock::default()
        .attribute(
            Attribute::string(
                TYPE,
                "What kind of part it documents, e.g. `API`, `METHOD`, `RESPONSE`.",
            )
            .required()
            .requires_replace()
            .validator(&LOCATION_TYPES),
        )
        .attribute(optional(
            METHOD,
            "The HTTP verb of a method, or `*` for any (AWS's default).",
        ))
        .attribute(optional(
            NAME,
            "The name of a parameter, header, model or authorizer.",
        ))
        .attribute(optional(
            PATH,
            "The resource path, e.g. `/pets` (AWS's default is `/`).",
        ))
        .attribute(optional(
            STATUS_CODE,
            "The status code of a response, or `*` for any.",
        ))
}

/// AWS's location as the block; where AWS answers a default the user did not write, the
/// state shows it (the attributes are optional and computed).
fn location_value(location: Option<&DocumentationPartLocation>, _written: Option<&Value>) -> Value {
    let Some(l) = location else {
        return Value::List(Vec::new());
    };
    Value::List(vec![Value::object([
        (TYPE, Value::from(l.r#type().as_str())),
        (METHOD, Value::opt_string(l.method())),
        (NAME, Value::opt_string(l.name())),
        (PATH, Value::opt_string(l.path())),
        (STATUS_CODE, Value::opt_string(l.status_code())),
    ])])
}

/// The planned location for CreateDocumentationPart.
fn send_location(
    builder: CreateDocumentationPartFluentBuilder,
    block: &Value,
) -> CreateDocumentationPartFluentBuilder {
    let Some(l) = block.as_elements().and_then(<[Value]>::first) else {
        return builder;
    };
    let Some(kind) = l.get(TYPE).as_str() else {
        return builder;
    };
    let text = |name: &str| {
        l.get(name)
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    match DocumentationPartLocation::builder()
        .r#type(DocumentationPartType::from(kind))
        .set_method(text(METHOD))
        .set_name(text(NAME))
        .set_path(text(PATH))
        .set_status_code(text(STATUS_CODE))
        .build()
    {
        Ok(location) => builder.location(location),
        Err(_) => builder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    fn location(kind: &str) -> Value {
        Value::List(vec![Value::object([
            (TYPE, Value::from(kind)),
            (METHOD, Value::Unknown),
            (NAME, Value::Unknown),
            (PATH, Value::from("/pets")),
            (STATUS_CODE, Value::Unknown),
        ])])
    }

    #[tokio::test]
    async fn create_is_one_call_and_the_id_joins_api_and_part() {
        let answer = r#"{"id":"p1","location":{"type":"METHOD","path":"/pets","method":"GET"},
            "properties":"{\"description\":\"Lists pets\"}"}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let planned = object(
            &DocumentationPart,
            &[
                ("rest_api_id", "a1".into()),
                ("location", location("METHOD")),
                ("properties", r#"{"description": "Lists pets"}"#.into()),
            ],
        );
        let state = DocumentationPart.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get(ID_ATTR).as_str(), Some("a1/p1"));
        assert_eq!(DOCUMENTATION_PART_ID.get(&state), Some("p1"));
        assert_eq!(
            PROPERTIES.get(&state),
            Some(r#"{"description": "Lists pets"}"#),
            "the written spelling of the same JSON is kept"
        );
        let l = &LOCATION.get(&state).unwrap()[0];
        assert_eq!(l.get(METHOD).as_str(), Some("GET"));
        assert!(l.get(NAME).is_null());
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].contains(r#""location":{"#), "{log:?}");
    }

    #[test]
    fn import_and_a_missing_location() {
        let imported = DocumentationPart.import("a1/p1").unwrap();
        assert_eq!(imported.get(ID_ATTR).as_str(), Some("a1/p1"));
        assert_eq!(imported.get(DOC_PART_ID).as_str(), Some("p1"));
        let mut diags = Diagnostics::new();
        let config = object(
            &DocumentationPart,
            &[
                ("location", Value::List(Vec::new())),
                ("properties", "{}".into()),
            ],
        );
        DocumentationPart.check(&config, &mut diags);
        assert!(diags.has_errors());
    }

    /// A refresh reads every part of the API with one GetDocumentationParts.
    #[tokio::test]
    async fn a_refresh_reads_every_part_with_one_call() {
        let parts = r#"{"item":[{"id":"p1","location":{"type":"API"},"properties":"{\"a\":1}"},
            {"id":"p2","location":{"type":"RESOURCE","path":"/pets"},"properties":"{}"}]}"#;
        let (aws, calls) =
            crate::resources::testing::api_with_snapshots(vec![(200, None, parts)]).await;
        let prior = |id: &str| DocumentationPart.import(&format!("a1/{id}")).unwrap();
        let p1 = DocumentationPart
            .read(&aws, &prior("p1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(PROPERTIES.get(&p1), Some(r#"{"a":1}"#));
        let p2 = DocumentationPart
            .read(&aws, &prior("p2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            LOCATION.get(&p2).unwrap()[0].get(PATH).as_str(),
            Some("/pets")
        );
        assert!(
            DocumentationPart
                .read(&aws, &prior("p3"))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            requests(&calls),
            ["GET /restapis/a1/documentation/parts?limit=500"]
        );
    }
}
