#!/usr/bin/env bash
# Rewrites docs/resources/*.md from templates/resources/*.md.tmpl and the resources' schemas
# (argument and attribute lists). The test command fails while a page is stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
APIGW_WRITE_DOCS=1 cargo test --locked --test docs
