//! Raw model → validated model, with every rule violation collected. (data helper)
