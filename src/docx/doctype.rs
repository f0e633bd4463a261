//! `<!DOCTYPE>` in a part: Word never writes one, and a document type can
//! declare entities (the "billion laughs") or fetch an external subset in
//! whatever reads the output next. engagekit never expands or fetches it;
//! it drops the declaration from every part it writes (issue 15).

use std::borrow::Cow;
use std::io::Read;

/// How much of an entry is read at open time to find its prolog's end: a
/// prolog longer than this is treated as if it held a document type.
const PROLOG_PEEK: usize = 64 * 1024;

/// Does the prolog (before the root element) of the XML read from `r` hold a
/// `<!DOCTYPE`? Reads only up to the root element, at most [`PROLOG_PEEK`].
pub(super) fn in_prolog(mut r: impl Read) -> bool {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        head.extend_from_slice(&chunk[..n]);
        match prolog_doctype(&String::from_utf8_lossy(&head)) {
            Prolog::Doctype(..) => return true,
            Prolog::None => return false,
            // The root element was not reached within the peek: check it on write.
            Prolog::Unfinished if head.len() >= PROLOG_PEEK => return true,
            Prolog::Unfinished => {}
        }
    }
}

enum Prolog {
    /// The byte range of the declaration.
    Doctype(usize, usize),
    None,
    Unfinished,
}

fn prolog_doctype(text: &str) -> Prolog {
    let b = text.as_bytes();
    let mut pos = 0;
    loop {
        let Some(lt) = memchr::memchr(b'<', &b[pos..]).map(|i| pos + i) else {
            return Prolog::Unfinished;
        };
        let rest = &text[lt..];
        let skip_to = |end: &str| rest.find(end).map(|i| lt + i + end.len());
        if rest.starts_with("<?") {
            match skip_to("?>") {
                Some(p) => pos = p,
                None => return Prolog::Unfinished,
            }
        } else if rest.starts_with("<!--") {
            match skip_to("-->") {
                Some(p) => pos = p,
                None => return Prolog::Unfinished,
            }
        } else if rest.starts_with("<!DOCTYPE") {
            // Up to the `>` outside brackets and quotes (an internal subset
            // `[ … ]` holds `>` of its own).
            let (mut depth, mut quote) = (0i32, None::<u8>);
            for (i, &c) in rest.as_bytes().iter().enumerate().skip(2) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(c),
                    (None, b'[') => depth += 1,
                    (None, b']') => depth -= 1,
                    (None, b'>') if depth <= 0 => return Prolog::Doctype(lt, lt + i + 1),
                    _ => {}
                }
            }
            return Prolog::Unfinished;
        } else {
            return Prolog::None;
        }
    }
}

/// `text` without the `<!DOCTYPE …>` of its prolog.
pub(super) fn strip(text: &str) -> Cow<'_, str> {
    match prolog_doctype(text) {
        Prolog::Doctype(start, end) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..start]);
            out.push_str(text[end..].trim_start_matches(['\r', '\n']));
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAUGHS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;"> <!ENTITY x SYSTEM "http://example.com/x">]>
<w:document><w:body/></w:document>"#;

    #[test]
    fn a_doctype_with_an_internal_subset_is_dropped() {
        assert_eq!(
            strip(LAUGHS),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document><w:body/></w:document>"
        );
        assert!(in_prolog(LAUGHS.as_bytes()));
    }

    #[test]
    fn a_doctype_after_a_comment_and_one_with_quoted_brackets() {
        let x = "<!-- c --><!DOCTYPE d SYSTEM \"a>]b\"><d/>";
        assert_eq!(strip(x), "<!-- c --><d/>");
    }

    #[test]
    fn text_that_only_mentions_a_doctype_is_kept() {
        let x =
            "<?xml version=\"1.0\"?><w:document><w:t>&lt;!DOCTYPE&gt; <!DOCTYPE</w:t></w:document>";
        assert!(matches!(strip(x), Cow::Borrowed(_)));
        assert!(!in_prolog(x.as_bytes()));
    }
}
