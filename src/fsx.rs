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
        remove_stale_temps(dir);
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
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

/// The start of every temp file name, followed by the writing process's id:
/// `.engagekit-<pid>-<random>.tmp`.
const TEMP_PREFIX: &str = ".engagekit-";

/// The folders already cleaned by this process.
static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes, once per process and folder, the temp files a run that crashed
/// or was killed (`kill -9`, an abort) left in `dir`: those of a process
/// that no longer runs, and those without a process id (older versions)
/// after a day. Nothing else is touched.
fn remove_stale_temps(dir: &Path) {
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !process_runs(pid, &entry),
            None => older_than_a_day(&entry),
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Does process `pid` still run? Where there is no `/proc` to ask, a temp
/// file is taken for a running write until it is a day old.
fn process_runs(pid: u32, entry: &fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        !older_than_a_day(entry)
    }
}

fn older_than_a_day(entry: &fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 24 * 3600)
}

/// A lock on one output file, held while a run writes it ([`lock`]);
/// released (its file removed) when dropped, and by [`cancel_writes`].
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let mut state = in_flight();
        state.files.retain(|f| *f != self.path);
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the lock on `target` (a file this run is about to write, e.g. a
/// batch's zip): `.<name>.lock` beside it, holding this process's id. Two
/// runs writing the same file would otherwise race and one would silently
/// replace the other's (issue 15). A lock left by a process that no longer
/// runs (`kill -9`) is taken over.
pub fn lock(target: &Path) -> Result<Lock> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let path = dir.join(format!(".{name}.lock"));
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let _ = write!(f, "{}", std::process::id());
                in_flight().files.push(path.clone());
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let pid = holder.trim().parse::<u32>().ok();
                let runs = match pid {
                    Some(pid) if Path::new("/proc/self").exists() => {
                        Path::new("/proc").join(pid.to_string()).exists()
                    }
                    // No way to ask: the lock holds.
                    _ => true,
                };
                if runs {
                    return Err(Error::Write {
                        what: format!("`{}`", target.display()),
                        reason: format!(
                            "another engagekit run (process {}) is writing it; wait for it to finish, or remove `{}` if it is not running",
                            pid.map_or_else(|| "unknown".to_string(), |p| p.to_string()),
                            path.display()
                        ),
                    });
                }
                // Stale: its process is gone.
                let _ = fs::remove_file(&path);
            }
            Err(e) => return Err(Error::io("create the lock file", &path, e)),
        }
    }
    Err(Error::io(
        "create the lock file",
        &path,
        std::io::Error::other("another run took it at the same time"),
    ))
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

    /// Issue 15, failure 5: a run killed with `kill -9` left its temp file
    /// forever; the next write into that folder removes it, and only it.
    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".engagekit-999999999-a1b2c3.tmp");
        let alive = dir.path().join(".engagekit-1-d4e5f6.tmp");
        let ours = dir
            .path()
            .join(format!(".engagekit-{}-x.tmp", std::process::id()));
        let other = dir.path().join(".other-999999999-x.tmp");
        for p in [&dead, &alive, &ours, &other] {
            fs::write(p, b"partial").unwrap();
        }
        write_bytes_atomic(&dir.path().join("out.docx"), b"x").unwrap();
        assert!(!dead.exists(), "the dead process's temp file stays");
        assert!(alive.exists() && ours.exists() && other.exists());
        let temps: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.starts_with(".engagekit-") && n.contains(&format!("-{}-", std::process::id()))
            })
            .collect();
        assert_eq!(
            temps.len(),
            1,
            "only the planted one of this process: {temps:?}"
        );
    }

    /// Issue 15: two batches into one folder raced silently.
    #[test]
    fn a_second_run_on_the_same_file_is_told_the_first_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("2026-Q3-ensure-reports.zip");
        let held = lock(&zip).unwrap();
        let err = lock(&zip).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "another engagekit run (process {}) is writing it",
                std::process::id()
            )),
            "{err}"
        );
        // Another file in the same folder (another shard) is free.
        drop(lock(&dir.path().join("2026-Q3-ensure-reports-shard-1-of-2.zip")).unwrap());
        drop(held);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the lock file is removed"
        );
        lock(&zip).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_of_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("out.zip");
        fs::write(dir.path().join(".out.zip.lock"), "999999999").unwrap();
        let _held = lock(&zip).unwrap();
        let pid = fs::read_to_string(dir.path().join(".out.zip.lock")).unwrap();
        assert_eq!(pid, std::process::id().to_string());
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
        // The stem is cut, the extension kept (`.docx`): a file without it
        // does not open (issue 15, failure 6).
        let ext = match name.rfind('.') {
            Some(p)
                if (2..=9).contains(&(name.len() - p))
                    && name[p + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                name[p..].to_string()
            }
            _ => String::new(),
        };
        let mut cut = MAX_BYTES - ext.len();
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
        name = name.trim_end_matches(['.', ' ']).to_string();
        name.push_str(&ext);
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

    /// Issue 15, failure 6: a long workshop title lost the `.docx`.
    #[test]
    fn a_name_cut_for_length_keeps_its_extension() {
        let long = format!("Workshop {} agenda.docx", "ä".repeat(100));
        let name = safe_file_name(&long);
        assert!(name.len() <= 120, "{}", name.len());
        assert!(
            name.ends_with(" agenda.docx") || name.ends_with("ä.docx"),
            "{name}"
        );
        assert!(name.starts_with("Workshop ää"), "{name}");
        // As `bundle` names an agenda: the stem made safe, `.docx` added, the whole made safe.
        let stem = safe_file_name(&format!("acme-1-workshop-W1-{}", "Title ".repeat(40)));
        assert!(safe_file_name(&format!("{stem}.docx")).ends_with(".docx"));
        // Not an extension: cut like any text.
        let dotted = format!("v1.{}", "x".repeat(200));
        assert_eq!(safe_file_name(&dotted).len(), 120);
    }

    #[test]
    fn unique_names_ignore_case() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique_name("A.docx", &mut taken), "A.docx");
        assert_eq!(unique_name("a.docx", &mut taken), "a (2).docx");
        assert_eq!(unique_name("A.docx", &mut taken), "A (3).docx");
    }
}
