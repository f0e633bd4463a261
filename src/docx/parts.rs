//! Finding the templatable parts through `[Content_Types].xml` and the relationships.
