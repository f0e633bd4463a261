//! The as-written model: a tree of nodes, every node paired with its [`Location`].
//!
//! Both readers produce this tree: the YAML reader from the parsed document
//! (line:column of every key and value), the Excel reader from the sheets
//! (the cell of every value). [`crate::validate`] walks it, knows the field
//! names, and builds the validated [`crate::model::Engagement`].
//!
//! Every scalar is kept as the text the user wrote (a YAML plain scalar `1.10`
//! stays `"1.10"`, `NO` stays `"NO"`); types are parsed in validation, where the
//! field is known, so a text field never turns into a number or a boolean.

use crate::location::Location;

/// One node of the as-written tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub loc: Location,
    pub kind: NodeKind,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `~`, `null`, an empty value, or an empty cell.
    Null,
    /// Any scalar, as text.
    Scalar(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, keys in written order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub loc: Location,
}

impl Node {
    /// A node.
    pub fn new(loc: Location, kind: NodeKind) -> Self {
        Node { loc, kind }
    }

    /// A scalar node.
    pub fn scalar(loc: Location, text: impl Into<String>) -> Self {
        Node::new(loc, NodeKind::Scalar(text.into()))
    }

    /// Is this node null (absent value)?
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key `key` (with its location) when this node is a mapping.
    pub fn key(&self, key: &str) -> Option<&Key> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// A short name of the node's kind for messages: "text", "a list", "a mapping", "nothing".
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Scalar(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}
