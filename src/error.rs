//! The one error type of the core: a field path and what was expected there.

use std::fmt;

/// An input the calculator cannot work with.
///
/// `path` is the input field at fault in JS notation (`market.liquidationThreshold`,
/// `positions[2].debt`); the message says what was expected. Displayed as
/// `path: message`, which is the `message` of the `Error` thrown in JS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalcError {
    pub path: String,
    pub message: String,
}

impl CalcError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }

    /// The error for a result that exceeds the 28 significant digits of
    /// [`rust_decimal::Decimal`]; `path` names the input that scales it.
    pub fn overflow(path: impl Into<String>) -> Self {
        Self::new(
            path,
            "too large to compute exactly (the result exceeds 28 significant digits); use smaller amounts or prices",
        )
    }

    /// Re-roots the error under `prefix` (`equity` -> `position.equity`).
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = crate::input::join(prefix, &self.path);
        self
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for CalcError {}
