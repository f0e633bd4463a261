//! The writer under every [`ZipOut`](super::ZipOut): after its first error
//! (a full disk), it accepts and drops everything. zip's `ZipWriter`
//! finalizes itself when it is dropped unfinished and, if that fails, prints
//! `ZipWriter::drop: failed to finalize archive` to stderr, glued to our
//! own error line (issue 15). With this writer that finalizing cannot fail,
//! and [`Quiet::failed`] lets `ZipOut::finish` still report the first error.

use std::io::{self, Seek, SeekFrom, Write};

pub(crate) struct Quiet<W> {
    inner: W,
    /// The position in `inner`, as the zip writer sees it.
    pos: u64,
    /// Set by the first error.
    dead: bool,
}

impl<W> Quiet<W> {
    pub(crate) fn new(inner: W) -> Self {
        Quiet {
            inner,
            pos: 0,
            dead: false,
        }
    }

    /// Did a write, flush or seek fail?
    pub(crate) fn failed(&self) -> bool {
        self.dead
    }

    pub(crate) fn into_inner(self) -> W {
        self.inner
    }

    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        self.dead |= r.is_err();
        r
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.dead {
            self.pos += buf.len() as u64;
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        if let Ok(n) = r {
            self.pos += n as u64;
        }
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.dead {
            return Ok(());
        }
        let r = self.inner.flush();
        self.note(r)
    }
}

impl<W: Seek> Seek for Quiet<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if self.dead {
            // Only the zip writer's own bookkeeping is left to satisfy; it
            // seeks relative to where it wrote (`End` is taken as the position).
            self.pos = match to {
                SeekFrom::Start(n) => n,
                SeekFrom::Current(d) | SeekFrom::End(d) => self.pos.saturating_add_signed(d),
            };
            return Ok(self.pos);
        }
        let r = self.inner.seek(to);
        if let Ok(p) = r {
            self.pos = p;
        }
        self.note(r)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::docx::{WriteOptions, ZipOut};

    /// A disk that fills up after `room` bytes.
    #[derive(Debug)]
    struct Full {
        out: Cursor<Vec<u8>>,
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.out.get_ref().len() + buf.len() > self.room {
                return Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ));
            }
            self.out.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for Full {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.out.seek(to)
        }
    }

    #[test]
    fn after_a_full_disk_the_zip_writer_cannot_fail_again_and_finish_reports_it() {
        let noise: Vec<u8> = (0..50_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let mut zip = ZipOut::new(
            Full {
                out: Cursor::new(Vec::new()),
                room: 10_000,
            },
            WriteOptions::default(),
        );
        let err = zip.add_stored("a.bin", &noise).unwrap_err();
        assert!(err.to_string().contains("no space left"), "{err}");
        // What dropping it unfinished does (zip's Drop prints when this fails).
        let err = zip.finish().unwrap_err();
        assert!(err.to_string().contains("an earlier write failed"), "{err}");
    }

    #[test]
    fn the_finalize_of_a_dropped_writer_succeeds_after_an_error() {
        let mut zip = zip::ZipWriter::new(Quiet::new(Full {
            out: Cursor::new(Vec::new()),
            room: 100,
        }));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("a", stored).unwrap();
        assert!(zip.write_all(&[7u8; 5000]).is_err());
        let quiet = zip.finish().expect("nothing left to fail");
        assert!(quiet.failed());
    }
}
