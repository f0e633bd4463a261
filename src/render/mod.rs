//! Rendering: compile a template's parts once, render them many times.
pub mod filters;
