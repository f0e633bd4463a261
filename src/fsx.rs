//! File-system helpers that name the path in every IO error, and atomic writes.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| Error::io("read", path, e))
}

/// Reads a whole file as UTF-8 text.
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("create directory", path, e))
}

/// The temporary files of the atomic writes in progress, and whether
/// [`cancel_writes`] was called.
struct InFlight {
    files: Vec<PathBuf>,
    cancelled: bool,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    files: Vec::new(),
    cancelled: false,
});

fn in_flight() -> MutexGuard<'static, InFlight> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the temporary file of every [`write_atomic`] in progress, and
/// makes those writes (and every later one) fail instead of renaming, so
/// that no partial file appears either. For a signal handler that is about
/// to exit the process (the CLI does this on SIGINT and SIGTERM); a process
/// killed with SIGKILL cannot clean up, and leaves its `.engagekit-*.tmp`.
/// Returns the files removed.
pub fn cancel_writes() -> Vec<PathBuf> {
    let mut state = in_flight();
    state.cancelled = true;
    let files = std::mem::take(&mut state.files);
    files
        .into_iter()
        .filter(|f| fs::remove_file(f).is_ok())
        .collect()
}

/// Unregisters a temp file when its write ends, however it ends.
struct Registered(Option<PathBuf>);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            in_flight().files.retain(|f| *f != p);
        }
    }
}

fn cancelled(path: &Path) -> Error {
    Error::Interrupted {
        path: path.to_path_buf(),
    }
}

/// Writes `path` atomically: `write` fills a temporary file in the same folder,
/// which replaces `path` only when `write` succeeded and the data is flushed.
/// On any error `path` is left as it was and no temp file remains (the temp
/// file is deleted on drop); so too on SIGINT/SIGTERM when the program calls
/// [`cancel_writes`] from its signal handler (the CLI does).
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut BufWriter<&mut fs::File>) -> Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_dir_all(dir)?;
    // Declared before the temp file, so dropped after it is deleted.
    let mut registered = Registered(None);
    let mut tmp = {
        let mut state = in_flight();
        if state.cancelled {
            return Err(cancelled(path));
        }
        let tmp = tempfile::Builder::new()
            .prefix(".engagekit-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io("create a temporary file in", dir, e))?;
        state.files.push(tmp.path().to_path_buf());
        registered.0 = Some(tmp.path().to_path_buf());
        tmp
    };
    {
        let mut w = BufWriter::with_capacity(64 * 1024, tmp.as_file_mut());
        write(&mut w)?;
        w.flush().map_err(|e| Error::io("write", path, e))?;
    }
    // tempfile creates 0600; a document is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io("set permissions of", path, e))?;
    }
    // Renamed under the lock: a cancel either comes first (no rename) or after.
    let state = in_flight();
    if state.cancelled {
        return Err(cancelled(path));
    }
    let persisted = tmp.persist(path);
    drop(state);
    persisted.map_err(|e| Error::io("replace", path, e.error))?;
    Ok(())
}

/// Writes bytes atomically (see [`write_atomic`]).
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |w| {
        w.write_all(bytes).map_err(|e| Error::io("write", path, e))
    })
}

/// Whether a write may replace what is at `path`: yes when nothing is there,
/// with `force`, or when `replaceable` says the file there may go (it holds
/// the same bytes, or engagekit wrote it); never a folder. Else
/// [`Error::Exists`], before any work, so a hand-written file is never lost.
pub fn check_replace(
    path: &Path,
    force: bool,
    replaceable: impl FnOnce(&Path) -> bool,
) -> Result<()> {
    match fs::metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        Ok(_) if force || replaceable(path) => Ok(()),
        Ok(_) => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
    }
}

/// For [`check_replace`]: the file there holds exactly `bytes`.
pub fn holds(bytes: &[u8]) -> impl FnOnce(&Path) -> bool + '_ {
    move |path| fs::read(path).is_ok_and(|old| old == bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.docx");
        write_bytes_atomic(&path, b"old").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial").unwrap();
            Err(Error::Usage("boom".into()))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temp file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.docx");
        write_bytes_atomic(&path, b"x").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn io_errors_name_the_path() {
        let err = read(Path::new("/no/such/file.yaml")).unwrap_err();
        assert!(err.to_string().contains("/no/such/file.yaml"), "{err}");
    }
}

/// Turns text from data (a customer name, `../../x`) into a file name that
/// is safe on Linux, macOS and Windows and can never leave its folder.
pub fn safe_file_name(name: &str) -> String {
    const MAX_BYTES: usize = 120;
    let mut out = String::with_capacity(name.len());
    let mut last_dash = false;
    for c in name.chars() {
        let bad =
            matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control();
        if bad {
            if !last_dash {
                out.push('-');
            }
            last_dash = true;
        } else {
            out.push(c);
            last_dash = false;
        }
    }
    // Windows drops trailing dots and spaces; leading dots hide files and `..` escapes.
    // `..` never means "parent" inside one name, but it looks like it; keep one dot.
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    let trimmed = out.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    let mut name = trimmed.to_string();
    if name.len() > MAX_BYTES {
        let mut cut = MAX_BYTES;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
        name = name.trim_end_matches(['.', ' ']).to_string();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.insert(0, '_');
    }
    if name.is_empty() {
        name.push_str("document");
    }
    name
}

/// Makes `name` unique among `taken` by adding ` (2)`, ` (3)`, ... before the extension.
pub fn unique_name(name: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let lower = |s: &str| s.to_lowercase();
    if taken.insert(lower(name)) {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(p) if p > 0 => (&name[..p], &name[p..]),
        _ => (name, ""),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|candidate| taken.insert(lower(candidate)))
        .unwrap_or_default()
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(
            safe_file_name("Müller & Söhne / Ost"),
            "Müller & Söhne - Ost"
        );
        assert_eq!(safe_file_name("../../x"), "x");
        assert_eq!(safe_file_name("..\\..\\evil"), "evil");
        assert_eq!(safe_file_name("a:b*c?d\"e<f>g|h"), "a-b-c-d-e-f-g-h");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("com1.docx"), "_com1.docx");
        assert_eq!(safe_file_name("  . "), "document");
        assert_eq!(safe_file_name("report. "), "report");
        assert!(safe_file_name(&"ä".repeat(200)).len() <= 120);
    }

    #[test]
    fn unique_names_ignore_case() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique_name("A.docx", &mut taken), "A.docx");
        assert_eq!(unique_name("a.docx", &mut taken), "a (2).docx");
        assert_eq!(unique_name("A.docx", &mut taken), "A (3).docx");
    }
}
