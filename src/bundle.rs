//! One iteration → its documents → one zip. (issue 4)
