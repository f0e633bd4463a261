//! (tags helper)
