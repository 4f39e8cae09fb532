//! Which channel keys a listing (`frt channels`) or a tap (`frt tap`) is about: an
//! installation, a glob on the name, a plane. One definition, so both read their
//! filters the same way and refuse a bad glob with the same words.

use crate::channel::ChannelKey;
use crate::hub::error::ApiError;

#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    installation: Option<String>,
    name: Option<glob::Pattern>,
    /// `Some(true)`: the global plane only; `Some(false)`: the scoped plane only.
    global: Option<bool>,
}

impl KeyFilter {
    pub fn new(
        installation: Option<String>,
        name: Option<&str>,
        global: Option<bool>,
    ) -> Result<KeyFilter, ApiError> {
        let name = match name {
            Some(n) => Some(glob::Pattern::new(n).map_err(|e| {
                ApiError::bad_request(
                    "INVALID_REQUEST",
                    format!("name pattern {n:?} is not a valid glob: {e}"),
                )
            })?),
            None => None,
        };
        Ok(KeyFilter {
            installation,
            name,
            global,
        })
    }

    pub fn matches(&self, key: &ChannelKey) -> bool {
        self.installation
            .as_deref()
            .is_none_or(|i| key.installation == i)
            && self.name.as_ref().is_none_or(|p| p.matches(&key.name))
            && self.global.is_none_or(|g| key.is_global() == g)
    }
}
