//! `apigateway_client_certificate`: a certificate API Gateway presents to HTTP backends, so
//! they can tell calls from a stage apart (the stage's `client_certificate_id`).
//!
//! Calls: GenerateClientCertificate, GetClientCertificate, UpdateClientCertificate (patch
//! operations), DeleteClientCertificate; tags with TagResource/UntagResource. State `id` and
//! import ID: the client certificate id.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::generate_client_certificate::GenerateClientCertificateOutput;
use aws_sdk_apigateway::operation::generate_client_certificate::builders::GenerateClientCertificateFluentBuilder;
use aws_sdk_apigateway::operation::get_client_certificate::GetClientCertificateOutput;
use aws_sdk_apigateway::operation::update_client_certificate::UpdateClientCertificateOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError};
use crate::diag::Diagnostics;
use crate::tfvalue::Value;

use super::decl::tags;
use super::decl::{
    Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrMap, Update, aws, fields, set,
};
use super::keys::{NoParent, OwnId, OwnIdForm};

/// `apigateway_client_certificate`'s import ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificateId;

impl OwnIdForm for ClientCertificateId {
    const FORMAT: &'static str = "CLIENT-CERTIFICATE-ID";
    const EXAMPLE: &'static str = "ab12cd";
}

type Key = OwnId<ClientCertificateId>;

/// The `apigateway_client_certificate` resource type.
#[derive(Debug)]
pub struct ClientCertificate;

impl Sdk for ClientCertificate {
    type Create = GenerateClientCertificateFluentBuilder;
    type Created = GenerateClientCertificateOutput;
    type Got = GetClientCertificateOutput;
    type Updated = UpdateClientCertificateOutput;
    type Item = GetClientCertificateOutput;
}

fields! { ClientCertificate;
    ID: Str = Field::new("id", "The client certificate id.")
        .computed()
        .keep_prior()
        .read(aws!(client_certificate_id)),
    DESCRIPTION: Str = Field::new("description", "Description of the client certificate.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    PEM_ENCODED_CERTIFICATE: Str = Field::new(
        "pem_encoded_certificate",
        "The certificate's public key, PEM-encoded, for the backend to trust.",
    )
    .computed()
    .keep_prior()
    .read(aws!(pem_encoded_certificate)),
    CREATED_DATE: Str = Field::new("created_date", "When the certificate was made (RFC 3339).")
        .computed()
        .keep_prior()
        .read(aws!(created_date)),
    EXPIRATION_DATE: Str = Field::new(
        "expiration_date",
        "When the certificate expires (RFC 3339).",
    )
    .computed()
    .keep_prior()
    .read(aws!(expiration_date)),
    // AWS does not answer the ARN: it is made from the region and the id (`complete`).
    ARN: Str = Field::new(
        "arn",
        "ARN of the client certificate, `arn:aws:apigateway:REGION::/clientcertificates/ID`.",
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
impl Declared for ClientCertificate {
    const TYPE_NAME: &'static str = "apigateway_client_certificate";
    const OBJECT: &'static str = "Client Certificate";
    const DESCRIPTION: &'static str = "A client certificate API Gateway presents to HTTP \
        backends of the stages that name it.";
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
    ) -> Result<GenerateClientCertificateOutput, AwsError> {
        Ok(input
            .fill(aws.client.generate_client_certificate())
            .send()
            .await?)
    }

    async fn call_get(&self, aws: &Aws, key: &Key) -> Result<GetClientCertificateOutput, AwsError> {
        Ok(aws
            .client
            .get_client_certificate()
            .client_certificate_id(&key.0)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &Key,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateClientCertificateOutput, AwsError> {
        Ok(aws
            .client
            .update_client_certificate()
            .client_certificate_id(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &Key) -> Result<(), AwsError> {
        aws.client
            .delete_client_certificate()
            .client_certificate_id(&key.0)
            .send()
            .await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        DESCRIPTION.get(planned).unwrap_or("new").to_owned()
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
                "arn:aws:apigateway:{}::/clientcertificates/{id}",
                aws.region
            )),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    #[tokio::test]
    async fn generate_then_describe_in_place() {
        let made = r#"{"clientCertificateId":"ab12cd","description":"one","pemEncodedCertificate":"-----BEGIN CERTIFICATE-----","createdDate":1700000000,"expirationDate":1731536000}"#;
        let updated = r#"{"clientCertificateId":"ab12cd","description":"two","pemEncodedCertificate":"-----BEGIN CERTIFICATE-----","createdDate":1700000000,"expirationDate":1731536000}"#;
        let (aws, calls) = api(vec![(201, None, made), (200, None, updated)]).await;
        let planned = object(&ClientCertificate, &[("description", "one".into())]);
        let state = ClientCertificate.create(&aws, &planned).await.unwrap();
        assert_eq!(ID.get(&state), Some("ab12cd"));
        assert_eq!(
            ARN.get(&state),
            Some("arn:aws:apigateway:us-east-1::/clientcertificates/ab12cd")
        );
        assert!(EXPIRATION_DATE.get(&state).is_some());
        let mut planned = state.clone();
        DESCRIPTION.put(&mut planned, "two".into());
        let after = ClientCertificate
            .update(&aws, &state, &planned)
            .await
            .unwrap();
        assert_eq!(DESCRIPTION.get(&after), Some("two"));
        let log = requests(&calls);
        assert!(log[0].starts_with("POST /clientcertificates "), "{log:?}");
        assert!(
            log[1].starts_with("PATCH /clientcertificates/ab12cd "),
            "{log:?}"
        );
        assert_eq!(log.len(), 2);
    }
}
