//! After rendering: give repeated drawing objects and bookmarks unique ids.
