//! The as-written model: every value paired with its location. (data helper)
