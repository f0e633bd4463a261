//! Writing a package with replaced parts; untouched entries are copied raw.
