//! Attribute paths: where in a value something is.

use std::fmt;

/// One step of an attribute path, as Terraform's `AttributePath.Step` knows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// An attribute of an object, or a nested block by name.
    Attribute(String),
    /// An element of a map, by key.
    Key(String),
    /// An element of a list or tuple, by position.
    Index(i64),
}

/// A path from the root of a resource's object to one value inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path {
    steps: Vec<PathStep>,
}

impl Path {
    /// The root of the object.
    pub fn root() -> Self {
        Self::default()
    }

    /// A path to a top-level attribute.
    pub fn attr(name: &str) -> Self {
        Self::root().with_attr(name)
    }

    /// This path, then attribute `name`.
    pub fn with_attr(&self, name: &str) -> Self {
        self.with(PathStep::Attribute(name.to_owned()))
    }

    /// This path, then map key `key`.
    pub fn with_key(&self, key: &str) -> Self {
        self.with(PathStep::Key(key.to_owned()))
    }

    /// This path, then list index `index`.
    pub fn with_index(&self, index: usize) -> Self {
        self.with(PathStep::Index(i64::try_from(index).unwrap_or(i64::MAX)))
    }

    /// This path followed by `step`.
    pub fn with(&self, step: PathStep) -> Self {
        let mut steps = Vec::with_capacity(self.steps.len() + 1);
        steps.extend_from_slice(&self.steps);
        steps.push(step);
        Self { steps }
    }

    /// The steps, root first.
    pub fn steps(&self) -> &[PathStep] {
        &self.steps
    }

    /// Whether this is the root.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

impl From<Vec<PathStep>> for Path {
    fn from(steps: Vec<PathStep>) -> Self {
        Self { steps }
    }
}

/// Renders the path the way Terraform prints one, e.g. `request_parameters["method.request.path.id"]`.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                PathStep::Attribute(name) if i == 0 => write!(f, "{name}")?,
                PathStep::Attribute(name) => write!(f, ".{name}")?,
                PathStep::Key(key) => write!(f, "[{key:?}]")?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_terraform() {
        let p = Path::attr("tls_config").with_index(0).with_attr("insecure");
        assert_eq!(p.to_string(), "tls_config[0].insecure");
        let p = Path::attr("request_parameters").with_key("method.request.path.id");
        assert_eq!(
            p.to_string(),
            "request_parameters[\"method.request.path.id\"]"
        );
        assert_eq!(Path::root().to_string(), "");
    }
}
