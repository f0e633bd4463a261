//! A light text scan of single tags: their statement keyword, the identifier
//! chains of an expression, and the loop variables in scope by tag order.
//! Used where one tag is looked at alone (an error's expression, its
//! "did you mean"); the whole template's paths come from `walk`.

/// Jinja words that are never variables.
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "elif",
    "endif",
    "for",
    "endfor",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "set",
    "endset",
    "with",
    "endwith",
    "macro",
    "endmacro",
    "call",
    "endcall",
    "filter",
    "endfilter",
    "block",
    "endblock",
    "raw",
    "endraw",
    "recursive",
    "loop",
    "include",
    "import",
    "from",
    "as",
    "extends",
    "break",
    "continue",
    "autoescape",
    "endautoescape",
    "do",
    "ignore",
    "missing",
    "context",
    "without",
    "caller",
    "self",
    "super",
    "varargs",
    "kwargs",
];

/// One identifier chain found in an expression, e.g. `g.owner.name` → ["g", "owner", "name"];
/// an index `[0]` becomes the segment "[]".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chain {
    pub(crate) segments: Vec<String>,
    /// Byte offset of the chain's start within the scanned text.
    pub(crate) start: usize,
}

/// Tag body without delimiters, whitespace-control marks and docxtpl's p/tr/tc/r marker.
pub(crate) fn tag_body(tag: &str) -> &str {
    let t = tag.trim();
    let t = t.get(2..t.len().saturating_sub(2)).unwrap_or("");
    t.trim_matches(|c| c == '-' || c == '+').trim()
}

/// The statement keyword of a `{% %}` tag (`for`, `endif`, ...), if it is one.
pub(crate) fn statement_keyword(tag: &str) -> Option<&str> {
    if !tag.trim_start().starts_with("{%") {
        return None;
    }
    let body = tag_body(tag);
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    Some(&body[..end])
}

/// Finds identifier chains in an expression or statement, skipping string
/// literals, filter and test names, keyword-argument names and function names.
pub(crate) fn chains(text: &str) -> Vec<Chain> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev_sig: Option<u8> = None; // last significant non-space char before a token
    let mut prev_word: &str = "";
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            let q = c;
            i += 1;
            while i < b.len() && b[i] != q {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            prev_sig = Some(b'"');
            prev_word = "";
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            let mut segments = Vec::new();
            let word_end = scan_ident(b, i);
            let first = &text[i..word_end];
            segments.push(first.to_string());
            i = word_end;
            loop {
                let j = skip_ws(b, i);
                if j < b.len() && b[j] == b'.' {
                    let k = skip_ws(b, j + 1);
                    if k < b.len() && (b[k].is_ascii_alphabetic() || b[k] == b'_') {
                        let e = scan_ident(b, k);
                        segments.push(text[k..e].to_string());
                        i = e;
                        continue;
                    }
                } else if j < b.len() && b[j] == b'[' {
                    let k = skip_ws(b, j + 1);
                    if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                        let q = b[k];
                        if let Some(end) = text[k + 1..].find(q as char) {
                            let key = &text[k + 1..k + 1 + end];
                            let after = skip_ws(b, k + 2 + end);
                            if after < b.len() && b[after] == b']' {
                                segments.push(key.to_string());
                                i = after + 1;
                                continue;
                            }
                        }
                    } else if k < b.len() && b[k].is_ascii_digit() {
                        let mut e = k;
                        while e < b.len() && b[e].is_ascii_digit() {
                            e += 1;
                        }
                        let after = skip_ws(b, e);
                        if after < b.len() && b[after] == b']' {
                            segments.push("[]".to_string());
                            i = after + 1;
                            continue;
                        }
                    }
                }
                break;
            }
            let next = skip_ws(b, i);
            let called = next < b.len() && b[next] == b'(';
            let kwarg = next < b.len() && b[next] == b'=' && b.get(next + 1) != Some(&b'=');
            let is_filter_or_test = prev_sig == Some(b'|') || prev_word == "is";
            let keyword = segments.len() == 1 && KEYWORDS.contains(&first);
            let function_call = called && segments.len() == 1;
            if called && segments.len() > 1 {
                // `x.items()` reads `x`.
                segments.pop();
            }
            if !(is_filter_or_test || keyword || kwarg || function_call) {
                out.push(Chain { segments, start });
            }
            // In `x is not defined`, `defined` is still a test name.
            prev_word = match (keyword, prev_word, first) {
                (true, "is", "not") => "is",
                (true, _, _) => first,
                _ => "",
            };
            prev_sig = Some(b'a');
            continue;
        }
        if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            prev_sig = Some(b'0');
            prev_word = "";
            continue;
        }
        if !c.is_ascii_whitespace() {
            prev_sig = Some(c);
            prev_word = "";
        }
        i += 1;
    }
    out
}

fn scan_ident(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Loop variables in scope: `{% for g in goals %}` maps `g` → `goals[]`.
/// Scope is approximated by tag order: a `for` opens, its `endfor` closes.
#[derive(Debug, Default, Clone)]
pub(crate) struct Aliases {
    stack: Vec<Vec<(String, String)>>,
}

impl Aliases {
    /// Updates the scope with one tag.
    pub(crate) fn visit(&mut self, tag: &str) {
        match statement_keyword(tag) {
            Some("for") => {
                let body = tag_body(tag);
                let body = body.strip_prefix("for").unwrap_or(body);
                let mut names = Vec::new();
                if let Some(pos) = find_word(body, "in") {
                    let targets = &body[..pos];
                    let iter = &body[pos + 2..];
                    let iterated = chains(iter)
                        .into_iter()
                        .next()
                        .map(|c| format!("{}[]", self.resolve(&c.segments)));
                    let targets: Vec<&str> = targets.split(',').map(str::trim).collect();
                    for t in targets.iter().filter(|t| !t.is_empty()) {
                        // `for k, v in x.items()`: only a single target maps cleanly.
                        let path = if targets.len() == 1 {
                            iterated.clone()
                        } else {
                            None
                        };
                        names.push((t.to_string(), path.unwrap_or_default()));
                    }
                }
                self.stack.push(names);
            }
            Some("endfor") => {
                self.stack.pop();
            }
            _ => {}
        }
    }

    /// Is `name` a loop variable in scope?
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.stack
            .iter()
            .rev()
            .flat_map(|s| s.iter())
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_str())
    }

    /// Rewrites a chain through the loop variables: ["g", "title"] → `goals[].title`.
    pub(crate) fn resolve(&self, segments: &[String]) -> String {
        let mut out = match self.get(&segments[0]) {
            Some(p) if !p.is_empty() => p.to_string(),
            _ => segments[0].clone(),
        };
        for s in &segments[1..] {
            if s == "[]" {
                out.push_str("[]");
            } else {
                out.push('.');
                out.push_str(s);
            }
        }
        out
    }
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(p) = text[from..].find(word) {
        let s = from + p;
        let e = s + word.len();
        let before = s == 0 || !(b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_');
        let after = e >= b.len() || !(b[e].is_ascii_alphanumeric() || b[e] == b'_');
        if before && after {
            return Some(s);
        }
        from = e;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<String> {
        chains(text)
            .into_iter()
            .map(|c| c.segments.join("."))
            .collect()
    }

    #[test]
    fn finds_chains_not_filters_or_strings() {
        assert_eq!(segs("customer.name|upper"), ["customer.name"]);
        assert_eq!(segs("price|money(\"EUR\") ~ ' x.y '"), ["price"]);
        assert_eq!(segs("a.b[0].c and not d is defined"), ["a.b.[].c", "d"]);
        assert_eq!(segs("x['key'] if y else z"), ["x.key", "y", "z"]);
        assert_eq!(segs("total|money(currency=cur)"), ["total", "cur"]);
        assert_eq!(segs("range(3)"), Vec::<String>::new());
        assert_eq!(segs("d.items()"), ["d"]);
    }

    #[test]
    fn statement_keywords() {
        assert_eq!(statement_keyword("{% for g in goals %}"), Some("for"));
        assert_eq!(statement_keyword("{%- endif -%}"), Some("endif"));
        assert_eq!(statement_keyword("{{ x }}"), None);
    }

    #[test]
    fn loop_aliases() {
        let mut a = Aliases::default();
        a.visit("{% for w in workshops %}");
        a.visit("{% for item in w.agenda %}");
        assert_eq!(
            a.resolve(&["item".into(), "topic".into()]),
            "workshops[].agenda[].topic"
        );
        a.visit("{% endfor %}");
        assert!(a.get("item").is_none());
        assert_eq!(
            a.resolve(&["w".into(), "title".into()]),
            "workshops[].title"
        );
    }
}
