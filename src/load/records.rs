//! The records of a data file for `render`, one at a time ([`records`]).
//!
//! `render --each` makes one document per item of a list. A JSON array at
//! the top level and a YAML stream (documents separated by `---`) are read
//! by a producer thread that parses one record at a time and hands it on
//! through a queue of at most [`QUEUE`] records: the renderer pulls them as
//! it needs them, so memory does not grow with the number of records.
//! So is a list sheet of a workbook (`--each goals`, [`records_reading`]):
//! its rows are read one at a time, the other sheets are the records' shared
//! base. Anything else (a list at a path, a single YAML document, a `.xls`
//! or `.ods` workbook) is loaded whole (its records share that data), and
//! each record is made from it only when it is pulled.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use serde::de::{Deserializer as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::{Format, excel, load_data, yaml};
use crate::error::{Diagnostic, Error, Result};
use crate::location::Location;

/// How many parsed records may wait for the renderer.
pub const QUEUE: usize = 64;

/// Which list of the data gives one document per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Each {
    /// The data file is itself a list (or a YAML stream of documents).
    TopLevel,
    /// A path to a list, e.g. `goals`, `engagement.workshops`,
    /// `iterations.1.commit.goals` or `iterations[-1].commit.goals`
    /// (indexes count from 0, negative ones from the end, as in templates).
    Path(String),
}

/// The records of one data file, in file order. Each is `Ok(item)`, or an
/// `Err` after which the stream ends (a syntax error part way through, a
/// bad cell of a sheet read row by row).
pub struct Records {
    source: PathBuf,
    base: Option<Json>,
    items: Items,
}

enum Items {
    Loaded(std::vec::IntoIter<Json>),
    Queue {
        rx: Receiver<Result<Json>>,
        producer: Option<JoinHandle<()>>,
    },
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Records {
    /// The file the records come from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// The whole data, when the records are the items of a list inside it
    /// (`--each PATH`): every record's context starts from it. For a
    /// workbook's sheet read row by row, the other sheets.
    pub fn base(&self) -> Option<&Json> {
        self.base.as_ref()
    }

    /// Takes the whole data out (see [`Self::base`]), to share it.
    pub fn take_base(&mut self) -> Option<Json> {
        self.base.take()
    }
}

impl Iterator for Records {
    type Item = Result<Json>;

    fn next(&mut self) -> Option<Result<Json>> {
        match &mut self.items {
            Items::Loaded(items) => items.next().map(Ok),
            Items::Queue { rx, .. } => rx.recv().ok(),
        }
    }
}

impl Drop for Records {
    fn drop(&mut self) {
        if let Items::Queue { rx, producer } = &mut self.items {
            // Closing the queue makes the producer's next send fail, so it stops.
            drop(std::mem::replace(rx, sync_channel(0).1));
            if let Some(p) = producer.take() {
                let _ = p.join();
            }
        }
    }
}

/// Opens `path` for its records. Without `each`, the one record is the whole
/// data, which must be a mapping. `Err` holds the problems found before the
/// first record (the file cannot be read, the path is not a list).
pub fn records(path: &Path, each: Option<&Each>) -> Result<Records> {
    if each == Some(&Each::TopLevel) && Format::of(path)? == Format::Yaml {
        let p = path.to_path_buf();
        return Ok(match extension(path).as_str() {
            "json" => queued(path, move |tx| json_producer(&p, tx)),
            _ => queued(path, move |tx| yaml_producer(&p, tx)),
        });
    }
    from_data(path, load_data(path)?, each)
}

/// [`records`], but a workbook's list sheet (`--each goals` naming the
/// sheet `Goals`) is read row by row when `reads(key)` says the template
/// does not read that key itself (the whole list, which a row-by-row read
/// never holds): each record then sees the item's layer over the other
/// sheets, the same context as from the whole read for such a template.
pub fn records_reading(
    path: &Path,
    each: Option<&Each>,
    reads: &dyn Fn(&str) -> bool,
) -> Result<Records> {
    if let Some(Each::Path(p)) = each
        && Format::of(path)? == Format::Excel
        && let Some(key) = one_key(p)
        && !reads(key)
        && let Some(mut rows) = excel::sheet_rows(path, key)?
    {
        let base = rows.take_base();
        let mut records = queued(path, move |tx| rows.run(|item| tx.send(item).is_ok()));
        records.base = Some(base);
        return Ok(records);
    }
    records(path, each)
}

/// The key of a path of one name (`goals`), not an index.
fn one_key(path: &str) -> Option<&str> {
    let mut segs = segments(path);
    match (segs.next(), segs.next()) {
        (Some(Seg::Key(k)), None) => Some(k),
        _ => None,
    }
}

/// The records of data already loaded from `path` (see [`records`]).
pub fn from_data(path: &Path, data: Json, each: Option<&Each>) -> Result<Records> {
    let loaded = |base, items: Vec<Json>| Records {
        source: path.to_path_buf(),
        base,
        items: Items::Loaded(items.into_iter()),
    };
    match each {
        None => {
            if !data.is_object() {
                return Err(Diagnostic::error(
                    Location::file(path),
                    "the data must be a mapping of names to values at the top level",
                )
                .with_hint("for a list of records, render one document per item with `--each`")
                .into());
            }
            Ok(loaded(None, vec![data]))
        }
        Some(Each::TopLevel) => match data {
            Json::Array(items) => Ok(loaded(None, items)),
            data => Err(not_a_list(path, &data, None)),
        },
        Some(Each::Path(p)) => {
            let Some(list) = lookup(&data, p).and_then(Json::as_array).cloned() else {
                return Err(not_a_list(path, &data, Some(p)));
            };
            Ok(loaded(Some(data), list))
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Starts `produce` on its own thread, sending into a queue of [`QUEUE`].
fn queued(
    path: &Path,
    produce: impl FnOnce(&SyncSender<Result<Json>>) + Send + 'static,
) -> Records {
    let (tx, rx) = sync_channel(QUEUE);
    let producer = std::thread::Builder::new()
        .name("records".into())
        .spawn(move || produce(&tx))
        .ok();
    Records {
        source: path.to_path_buf(),
        base: None,
        items: Items::Queue { rx, producer },
    }
}

fn open(path: &Path) -> Result<BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(BufReader::new)
        .map_err(|e| Error::io("open", path, e))
}

/// A JSON file: the items of its top-level array, parsed one at a time.
fn json_producer(path: &Path, tx: &SyncSender<Result<Json>>) {
    let reader = match open(path) {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(Err(e));
            return;
        }
    };
    json_items(path, reader, tx);
}

/// Sends the items of the JSON array `reader` holds, then an error if the
/// input is not one array.
fn json_items(path: &Path, reader: impl std::io::Read, tx: &SyncSender<Result<Json>>) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = de.deserialize_any(Fanout { tx });
    let outcome = match result {
        Ok(Fanned::Stopped) => return,
        Ok(Fanned::All) => de.end().map_err(|e| json_error(path, &e)),
        Ok(Fanned::NotAList(data)) => Err(not_a_list(path, &data, None)),
        Err(e) => Err(json_error(path, &e)),
    };
    if let Err(e) = outcome {
        let _ = tx.send(Err(e));
    }
}

fn json_error(path: &Path, e: &serde_json::Error) -> Error {
    Error::from(Diagnostic::error(
        Location::yaml(path, e.line(), e.column()),
        format!("failed to parse JSON ({e})"),
    ))
}

/// What [`Fanout`] did with the top-level value.
enum Fanned {
    /// Sent every item of the list.
    All,
    /// The receiver went away: nobody wants the rest.
    Stopped,
    /// The value is not a list (a mapping is kept for the hint).
    NotAList(Json),
}

/// Sends each item of a top-level list as soon as it is parsed.
struct Fanout<'a> {
    tx: &'a SyncSender<Result<Json>>,
}

impl<'de> Visitor<'de> for Fanout<'_> {
    type Value = Fanned;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Fanned, A::Error> {
        while let Some(item) = seq.next_element::<Json>()? {
            if self.tx.send(Ok(item)).is_err() {
                return Ok(Fanned::Stopped);
            }
        }
        Ok(Fanned::All)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Fanned, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            out.insert(k, v);
        }
        Ok(Fanned::NotAList(Json::Object(out)))
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
    fn visit_unit<E>(self) -> std::result::Result<Fanned, E> {
        Ok(Fanned::NotAList(Json::Null))
    }
}

/// A YAML file: a stream of several documents is one record per document,
/// parsed one at a time; a single document that is a list, one per item.
fn yaml_producer(path: &Path, tx: &SyncSender<Result<Json>>) {
    let mut reader = match open(path) {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(Err(e));
            return;
        }
    };
    yaml_items(path, &mut reader, tx);
}

fn yaml_items(path: &Path, reader: &mut impl std::io::Read, tx: &SyncSender<Result<Json>>) {
    let mut options = yaml::options();
    // A stream's records pass through one at a time, so the limits that
    // grow with the number of records are lifted; the alias limits stay.
    let mut budget = options.budget.take().unwrap_or_default();
    budget.max_reader_input_bytes = None;
    budget.max_documents = usize::MAX;
    budget.max_events = usize::MAX;
    budget.max_nodes = usize::MAX;
    budget.max_total_scalar_bytes = usize::MAX;
    options.budget = Some(budget);
    let error = |e: serde_saphyr::Error| Error::from(yaml::syntax_error(path, "", &e));
    let mut docs = serde_saphyr::read_with_options::<_, Json>(reader, options);
    let first = match docs.next() {
        None => return,
        Some(Err(e)) => {
            let _ = tx.send(Err(error(e)));
            return;
        }
        Some(Ok(doc)) => doc,
    };
    let second = docs.next();
    let Some(second) = second else {
        // One document: its items, when it is a list.
        match first {
            Json::Array(items) => {
                for item in items {
                    if tx.send(Ok(item)).is_err() {
                        return;
                    }
                }
            }
            other => {
                let _ = tx.send(Err(not_a_list(path, &other, None)));
            }
        }
        return;
    };
    for doc in [Ok(first), second].into_iter().chain(docs) {
        let stop = doc.is_err();
        if tx.send(doc.map_err(error)).is_err() || stop {
            return;
        }
    }
}

/// Follows a path such as `iterations.1.commit.goals` or `iterations[-1].goals`.
fn lookup<'a>(data: &'a Json, path: &str) -> Option<&'a Json> {
    segments(path).try_fold(data, |v, seg| match (v, seg) {
        (Json::Array(items), Seg::Index(i)) => {
            let i = if i < 0 {
                items
                    .len()
                    .checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
            } else {
                usize::try_from(i).ok()?
            };
            items.get(i)
        }
        (Json::Object(m), Seg::Index(i)) => m.get(&i.to_string()),
        (Json::Object(m), Seg::Key(k)) => m.get(k),
        _ => None,
    })
}

enum Seg<'a> {
    Key(&'a str),
    Index(i64),
}

/// `a.b[2].c.0` → `a`, `b`, `2`, `c`, `0`; a segment of digits is an index.
fn segments(path: &str) -> impl Iterator<Item = Seg<'_>> {
    path.split(['.', '['])
        .map(|s| s.strip_suffix(']').unwrap_or(s).trim())
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<i64>() {
            Ok(i) => Seg::Index(i),
            Err(_) => Seg::Key(s.trim_matches(['"', '\''])),
        })
}

/// "cannot use `--each`": names where the path stops, and the lists there.
fn not_a_list(source: &Path, data: &Json, path: Option<&str>) -> Error {
    let what = match path {
        None => "the data is not a list".to_string(),
        Some(p) => format!("`{p}` is not a list in the data"),
    };
    // The lists where the path stops being found (the top level for none).
    let (at, found) = match path {
        None => (String::new(), data),
        Some(p) => match lookup(data, p) {
            Some(v) if v.is_object() => (p.to_string(), v),
            _ => deepest(data, p),
        },
    };
    let lists: Vec<String> = match found {
        Json::Object(m) => m
            .iter()
            .filter(|(_, v)| v.is_array())
            .map(|(k, _)| match at.is_empty() {
                true => format!("`{k}`"),
                false => format!("`{at}.{k}`"),
            })
            .collect(),
        _ => Vec::new(),
    };
    let hint = (!lists.is_empty()).then(|| match at.is_empty() {
        true => format!("lists at the top level: {}", lists.join(", ")),
        false => format!("lists in `{at}`: {}", lists.join(", ")),
    });
    let hint = hint.or_else(|| {
        matches!(found, Json::Array(_)).then(|| {
            format!("`{at}` is a list: add an index (from 0) to pick an item, e.g. `{at}.0`")
        })
    });
    Diagnostic::error(
        Location::file(source),
        format!("cannot use `--each`: {what}"),
    )
    .with_hint_opt(hint)
    .into()
}

/// The longest proper prefix of `path` found in `data`, as written, and its value.
fn deepest<'a>(data: &'a Json, path: &str) -> (String, &'a Json) {
    let mut best = (String::new(), data);
    let mut prefix = String::new();
    let parts: Vec<&str> = path.split('.').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(part);
        match lookup(data, &prefix) {
            Some(v) => best = (prefix.clone(), v),
            None => break,
        }
    }
    best
}

#[cfg(test)]
mod tests;
