//! A large sheet's cells in an anonymous temporary file ([`Spill`]), written
//! and read with positional I/O (per OS) so that several threads read it at once.

use std::sync::atomic::{AtomicU64, Ordering};

use super::cells::CellRef;

/// A sheet's filled cells go to a temporary file (`Spill`) past this many,
/// this many (512 KB) at a time; smaller sheets (any single-engagement
/// workbook) never touch a file. A sheet whose cells are not in row order
/// (Excel always writes them in order), or whose file cannot be written,
/// stays in memory.
pub const SPILL_ABOVE: usize = 64 * 1024;

/// Cells read back from a [`Spill`] in one read while a whole table is
/// walked (512 KB).
pub(super) const READ_CHUNK: usize = 64 * 1024;

/// The cells of a large sheet, moved out of memory into an anonymous
/// temporary file (the OS deletes it when it is closed, even when the
/// process is killed) while the sheet is read: a portfolio workbook's cells
/// are held for as long as its engagements are exported (8 bytes each, and
/// about twice that while the biggest sheets grew; figures in BENCHMARKS.md),
/// and only an engagement's rows are read back when it is built. One file
/// per sheet over [`SPILL_ABOVE`] (a dozen for a portfolio workbook),
/// written and read with positional I/O, so several threads read it at once.
pub(super) struct Spill {
    file: std::fs::File,
    /// Bytes reserved so far.
    end: AtomicU64,
}

impl Spill {
    /// A new spill file; `None` when none can be made (the cells stay in memory).
    pub(super) fn new() -> Option<Spill> {
        if !cfg!(any(unix, windows)) {
            return None;
        }
        let file = tempfile::tempfile().ok()?;
        Some(Spill {
            file,
            end: AtomicU64::new(0),
        })
    }

    /// Writes `cells` at a range of the file of their own, returning its offset.
    pub(super) fn write(&self, cells: &[CellRef]) -> std::io::Result<u64> {
        let offset = self
            .end
            .fetch_add(cells.len() as u64 * CellRef::SIZE, Ordering::Relaxed);
        let mut buf = Vec::with_capacity(cells.len().min(READ_CHUNK) * CellRef::SIZE as usize);
        let mut at = offset;
        for chunk in cells.chunks(READ_CHUNK) {
            buf.clear();
            for c in chunk {
                buf.extend_from_slice(&c.to_le_bytes());
            }
            write_all_at(&self.file, &buf, at)?;
            at += buf.len() as u64;
        }
        Ok(offset)
    }

    /// Reads `n` cells at `offset`.
    pub(super) fn read(&self, offset: u64, n: usize) -> std::io::Result<Vec<CellRef>> {
        let mut buf = vec![0; n * CellRef::SIZE as usize];
        read_exact_at(&self.file, &mut buf, offset)?;
        buf.chunks_exact(CellRef::SIZE as usize)
            .map(CellRef::from_le_bytes)
            .collect()
    }
}

#[cfg(unix)]
fn write_all_at(f: &std::fs::File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, offset)
}

#[cfg(unix)]
fn read_exact_at(f: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
fn write_all_at(f: &std::fs::File, mut buf: &[u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_write(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(f: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_read(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn write_all_at(_: &std::fs::File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
fn read_exact_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}
