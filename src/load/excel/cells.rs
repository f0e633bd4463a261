//! A filled cell kept in 8 bytes ([`CellRef`]: its column, kind and the
//! number of its text) and a sheet's distinct texts, each once ([`Texts`]).

/// The distinct texts of a sheet, by number.
#[derive(Default)]
pub(super) struct Texts {
    buf: String,
    /// (start, length) in `buf` of each text.
    spans: Vec<(u32, u32)>,
}

impl Texts {
    pub(super) fn get(&self, i: u32) -> &str {
        let (start, len) = self.spans[i as usize];
        &self.buf[start as usize..(start + len) as usize]
    }

    /// Adds a text, returning its number; `None` past 4 GB of text.
    pub(super) fn add(&mut self, text: &str) -> Option<u32> {
        let start = u32::try_from(self.buf.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        let i = u32::try_from(self.spans.len()).ok()?;
        self.buf.push_str(text);
        self.spans.push((start, len));
        Some(i)
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.buf.shrink_to_fit();
        self.spans.shrink_to_fit();
    }
}

/// What a filled cell held, for generic data (numbers stay numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text, a date or a time, as [`cell_text`](super::cell_text) writes it.
    Text = 0,
    Float = 1,
    Int = 2,
    Bool = 3,
    /// An error value; the text is the message.
    Error = 4,
}

/// A filled cell of a [`Table`](super::table::Table): its column, kind and text number (8 bytes).
#[derive(Debug, Clone, Copy)]
pub(super) struct CellRef {
    pub(super) text: u32,
    /// Excel's last column is XFD (16,384); a sheet with a cell beyond
    /// column 65,536 is not read.
    pub(super) col: u16,
    pub(super) kind: Kind,
}

impl CellRef {
    /// Bytes of a cell in a [`Spill`](super::spill::Spill) file.
    pub(super) const SIZE: u64 = 8;

    pub(super) fn new(col: u16, kind: Kind, text: u32) -> CellRef {
        CellRef { text, col, kind }
    }

    pub(super) fn col(&self) -> u32 {
        u32::from(self.col)
    }

    /// Text number, column and kind, little-endian, one byte of padding.
    pub(super) fn to_le_bytes(self) -> [u8; 8] {
        let mut b = [0; 8];
        b[..4].copy_from_slice(&self.text.to_le_bytes());
        b[4..6].copy_from_slice(&self.col.to_le_bytes());
        b[6] = self.kind as u8;
        b
    }

    pub(super) fn from_le_bytes(b: &[u8]) -> std::io::Result<CellRef> {
        let kind = match b[6] {
            0 => Kind::Text,
            1 => Kind::Float,
            2 => Kind::Int,
            3 => Kind::Bool,
            4 => Kind::Error,
            k => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("a cell of unknown kind {k}"),
                ));
            }
        };
        Ok(CellRef {
            text: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            col: u16::from_le_bytes([b[4], b[5]]),
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_keeps_its_column_kind_and_text_in_8_bytes() {
        for kind in [Kind::Text, Kind::Float, Kind::Int, Kind::Bool, Kind::Error] {
            let c = CellRef::new(16_383, kind, u32::MAX);
            assert_eq!((c.col(), c.kind, c.text), (16_383, kind, u32::MAX));
        }
        assert_eq!(std::mem::size_of::<CellRef>(), 8);
        let mut texts = Texts::default();
        assert_eq!(texts.add("Contoso"), Some(0));
        assert_eq!(texts.add(""), Some(1));
        assert_eq!((texts.get(0), texts.get(1)), ("Contoso", ""));
    }
}
