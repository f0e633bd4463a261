//! The fast path of the check: accepts well-formed input without a message
//! or a call per tag, and leaves everything else to the scanner.

use super::{NAME_CHAR, NAME_START, check_reference};

/// The fast path of [`check_xml_detailed`](super::check_xml_detailed)
/// (after the forbidden-character test): one tight loop over the bytes, no
/// messages, no calls per tag. `true` only for input the
/// [scanner](super::scanner) accepts too (a property test holds it to
/// that); `false` means "look closer", and the scanner then finds and
/// describes the problem. It gives up on what rendered Word parts rarely
/// hold (comments, CDATA, DOCTYPE), leaving those to the scanner.
///
/// Rendered parts are nearly always well-formed, so this loop is what the
/// check costs (BENCHMARKS.md, "Well-formedness check").
pub(super) fn quick_check(b: &[u8]) -> bool {
    fn skip_ws(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }
    fn name_end(b: &[u8], i: usize) -> Option<usize> {
        if NAME_CHAR[usize::from(*b.get(i)?)] != NAME_START {
            return None;
        }
        let rest = &b[i + 1..];
        let len = rest
            .iter()
            .position(|&c| NAME_CHAR[usize::from(c)] == 0)
            .unwrap_or(rest.len());
        Some(i + 1 + len)
    }
    /// The offset after a valid `&…;` at `amp`, as `Scanner::references` checks it.
    fn reference_end(b: &[u8], amp: usize) -> Option<usize> {
        let rest = &b[amp + 1..];
        let n = rest.iter().take(40).position(|&c| c == b';')?;
        let name = &rest[..n];
        if n == 0 || name.iter().any(|c| c.is_ascii_whitespace() || *c == b'&') {
            return None;
        }
        check_reference(std::str::from_utf8(name).ok()?).ok()?;
        Some(amp + n + 2)
    }

    let n = b.len();
    let mut open: Vec<(usize, usize)> = Vec::with_capacity(32);
    let mut attrs: Vec<(usize, usize)> = Vec::with_capacity(8);
    let mut root_seen = false;
    let mut i = 0;
    while i < n {
        let text = i;
        i += b[i..]
            .iter()
            .position(|&c| c == b'<' || c == b'&')
            .unwrap_or(n - i);
        if open.is_empty() && !b[text..i].iter().all(|c| c.is_ascii_whitespace()) {
            return false;
        }
        if i == n {
            break;
        }
        if b[i] == b'&' {
            if open.is_empty() {
                return false;
            }
            match reference_end(b, i) {
                Some(e) => i = e,
                None => return false,
            }
            continue;
        }
        match b.get(i + 1) {
            Some(b'/') => {
                let Some(e) = name_end(b, i + 2) else {
                    return false;
                };
                let close = skip_ws(b, e);
                if b.get(close) != Some(&b'>') {
                    return false;
                }
                // Names are short: compare inline rather than call memcmp.
                match open.pop() {
                    Some((os, oe))
                        if oe - os == e - (i + 2)
                            && b[os..oe].iter().zip(&b[i + 2..e]).all(|(x, y)| x == y) => {}
                    _ => return false,
                }
                if open.is_empty() {
                    root_seen = true;
                }
                i = close + 1;
            }
            Some(b'?') => match memchr::memmem::find(&b[i..], b"?>") {
                Some(k) => i += k + 2,
                None => return false,
            },
            Some(b'!') => return false,
            _ => {
                if open.is_empty() && root_seen {
                    return false;
                }
                let Some(e) = name_end(b, i + 1) else {
                    return false;
                };
                let name = (i + 1, e);
                attrs.clear();
                let mut j = e;
                loop {
                    let k = skip_ws(b, j);
                    match b.get(k) {
                        Some(b'>') => {
                            open.push(name);
                            i = k + 1;
                            break;
                        }
                        Some(b'/') => {
                            if b.get(k + 1) != Some(&b'>') {
                                return false;
                            }
                            if open.is_empty() {
                                root_seen = true;
                            }
                            i = k + 2;
                            break;
                        }
                        Some(_) if k > j => {}
                        _ => return false,
                    }
                    let Some(ae) = name_end(b, k) else {
                        return false;
                    };
                    if attrs.iter().any(|&(x, y)| b[x..y] == b[k..ae]) {
                        return false;
                    }
                    attrs.push((k, ae));
                    let eq = skip_ws(b, ae);
                    if b.get(eq) != Some(&b'=') {
                        return false;
                    }
                    let q = skip_ws(b, eq + 1);
                    let quote = match b.get(q) {
                        Some(&c @ (b'"' | b'\'')) => c,
                        _ => return false,
                    };
                    let mut v = q + 1;
                    loop {
                        v += b[v..]
                            .iter()
                            .position(|&c| c == quote || c == b'<' || c == b'&')
                            .unwrap_or(n - v);
                        match b.get(v) {
                            None | Some(b'<') => return false,
                            Some(&c) if c == quote => break,
                            _ => match reference_end(b, v) {
                                Some(after) => v = after,
                                None => return false,
                            },
                        }
                    }
                    j = v + 1;
                }
            }
        }
    }
    open.is_empty() && root_seen
}
