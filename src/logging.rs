//! Logs as JSON lines Terraform understands.
