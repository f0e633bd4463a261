//! Finding the elements whose ids the fixer renumbers.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    DocPr,
    BookmarkStart,
    BookmarkEnd,
    /// `w:p` or `w:tr`, which may carry `w14:paraId` / `w14:textId`.
    Para,
    CommentStart,
    CommentEnd,
    CommentRef,
}

pub(super) type Span = (usize, usize);

#[derive(Debug)]
pub(super) struct Item {
    pub(super) kind: Kind,
    /// The whole tag, `<` to `>` inclusive.
    pub(super) tag: Span,
    /// `id` / `w:id` value (for `Para`: `w14:paraId`).
    pub(super) id: Option<Span>,
    /// `w:name` value (for `Para`: `w14:textId`).
    pub(super) name: Option<Span>,
}

/// Finds the elements of interest, in document order.
pub(super) fn scan(xml: &str) -> Vec<Item> {
    let b = xml.as_bytes();
    let mut items = Vec::new();
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &b[pos..]) {
        let lt = pos + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            pos = find(b, lt + 4, b"-->").map_or(b.len(), |i| i + 3);
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            pos = find(b, lt + 9, b"]]>").map_or(b.len(), |i| i + 3);
            continue;
        }
        let name_len = rest
            .iter()
            .position(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
            .unwrap_or(rest.len());
        let name_end = lt + 1 + name_len;
        let kind = match &rest[..name_len] {
            b"wp:docPr" => Kind::DocPr,
            b"w:bookmarkStart" => Kind::BookmarkStart,
            b"w:bookmarkEnd" => Kind::BookmarkEnd,
            b"w:p" | b"w:tr" => Kind::Para,
            b"w:commentRangeStart" => Kind::CommentStart,
            b"w:commentRangeEnd" => Kind::CommentEnd,
            b"w:commentReference" => Kind::CommentRef,
            _ => {
                pos = name_end;
                continue;
            }
        };
        let (id_key, name_key): (&[u8], &[u8]) = match kind {
            Kind::DocPr => (b"id", b""),
            Kind::BookmarkStart | Kind::BookmarkEnd => (b"w:id", b"w:name"),
            Kind::CommentStart | Kind::CommentEnd | Kind::CommentRef => (b"w:id", b""),
            Kind::Para => (b"w14:paraId", b"w14:textId"),
        };
        let mut item = Item {
            kind,
            tag: (lt, b.len()),
            id: None,
            name: None,
        };
        // Attributes: name = "value" | 'value', up to `>`.
        let mut i = name_end;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                item.tag.1 = i + 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let key_start = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let key = &b[key_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let Some(&quote) = b.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
                continue;
            };
            let v_start = i + 1;
            let v_end = memchr::memchr(quote, &b[v_start..]).map_or(b.len(), |j| v_start + j);
            if key == id_key {
                item.id = Some((v_start, v_end));
            } else if !name_key.is_empty() && key == name_key {
                item.name = Some((v_start, v_end));
            }
            i = v_end + 1;
        }
        pos = item.tag.1.max(name_end);
        if item.id.is_some() || item.name.is_some() || kind == Kind::BookmarkEnd {
            items.push(item);
        }
    }
    items
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| from + i)
}
