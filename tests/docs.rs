//! The reference part of every resource page in `docs/resources/` (and data source page in
//! `docs/data-sources/`) is rendered from the schema (`src/schema/docs.rs`) into the page's template in `templates/resources/`.
//! This test fails when a committed page is not what the schema and template give;
//! `scripts/docs.sh` (`APIGW_WRITE_DOCS=1`) rewrites the pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::schema::docs;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn resource_pages_are_rendered_from_the_schema() {
    let write = std::env::var("APIGW_WRITE_DOCS").as_deref() == Ok("1");
    let mut stale = Vec::new();
    let mut pages = 0;
    for (type_name, entry) in Registry::new().iter() {
        let short = type_name
            .strip_prefix("apigateway_")
            .expect("every type is apigateway_*");
        let template = repo().join(format!("templates/resources/{short}.md.tmpl"));
        let template = std::fs::read_to_string(&template)
            .unwrap_or_else(|e| panic!("{}: {e}", template.display()));
        for placeholder in [docs::ARGUMENTS, docs::ATTRIBUTES] {
            assert!(
                template.contains(placeholder),
                "the {short} template has {placeholder}"
            );
        }
        let page = docs::render(&template, &entry.schema.block);
        let path = repo().join(format!("docs/resources/{short}.md"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != page {
            if write {
                std::fs::write(&path, &page).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
        pages += 1;
    }
    assert_eq!(pages, Registry::new().iter().count());
    assert!(
        stale.is_empty(),
        "stale pages (the schema or a template changed): {stale:?}; run scripts/docs.sh and commit"
    );
}

#[test]
fn data_source_pages_are_rendered_from_the_schema() {
    let write = std::env::var("APIGW_WRITE_DOCS").as_deref() == Ok("1");
    let mut stale = Vec::new();
    let registry = Registry::new();
    let sources: Vec<_> = registry.data_sources().collect();
    assert!(!sources.is_empty());
    for (type_name, entry) in sources {
        let short = type_name
            .strip_prefix("apigateway_")
            .expect("every data source is apigateway_*");
        let template = repo().join(format!("templates/data-sources/{short}.md.tmpl"));
        let template = std::fs::read_to_string(&template)
            .unwrap_or_else(|e| panic!("{}: {e}", template.display()));
        let page = docs::render(&template, &entry.schema.block);
        let path = repo().join(format!("docs/data-sources/{short}.md"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != page {
            if write {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &page).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale pages (the schema or a template changed): {stale:?}; run scripts/docs.sh and commit"
    );
}
