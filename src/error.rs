//! The one error type of the core: a field path and what was expected there.

use std::fmt;

/// An input the calculator cannot work with.
///
/// `path` is the input field at fault in JS notation (`market.liquidationThreshold`,
/// `positions[2].debt`); the message says what was expected. Displayed as
/// `path: message`, which is the `message` of the `Error` thrown in JS.
///
/// Boxed (read `e.path`, `e.message` through `Deref`), so that every
/// `Result<_, CalcError>` stays one pointer wide: the many `?` of the
/// validators then move 4 bytes instead of 24, which keeps the `.wasm` smaller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalcError(Box<CalcErrorAt>);

/// The fields of a [`CalcError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalcErrorAt {
    pub path: String,
    pub message: String,
}

impl std::ops::Deref for CalcError {
    type Target = CalcErrorAt;
    fn deref(&self) -> &CalcErrorAt {
        &self.0
    }
}

impl std::ops::DerefMut for CalcError {
    fn deref_mut(&mut self) -> &mut CalcErrorAt {
        &mut self.0
    }
}

impl CalcError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self(Box::new(CalcErrorAt { path: path.into(), message: message.into() }))
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
        self.path = if self.path.is_empty() { prefix.to_string() } else { crate::input::join(prefix, &self.path) };
        self
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for CalcError {}
