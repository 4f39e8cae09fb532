//! Characters that change what a terminal shows without being seen: control
//! characters (C0, DEL, C1), bidirectional controls, zero-width characters and the
//! other invisible format characters (Unicode category Cf), and the line and paragraph
//! separators. Names refuse them (`channel.rs`); text shown to people escapes them
//! (`printer.rs`). One list, so the two always agree.

/// Why a character must not be taken as it is, or `None` for an ordinary one.
pub fn hidden_kind(c: char) -> Option<&'static str> {
    if c.is_control() {
        return Some("control character");
    }
    let kind = match c as u32 {
        0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 => "bidirectional control",
        0x180E | 0x200B..=0x200D | 0x2060 | 0xFEFF => "zero-width character",
        0x2028 | 0x2029 => "line or paragraph separator",
        _ if is_other_format(c) => "invisible format character",
        _ => return None,
    };
    Some(kind)
}

/// Whether `c` must be escaped or refused: [`hidden_kind`] names it.
pub fn is_hidden(c: char) -> bool {
    hidden_kind(c).is_some()
}

/// The rest of Unicode's format characters (category Cf, Unicode 16): soft hyphen,
/// Arabic and Syriac number signs, invisible operators, deprecated format controls,
/// interlinear annotation, Kaithi, Egyptian, shorthand and musical format controls,
/// and the tag characters.
fn is_other_format(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x0600..=0x0605
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x2061..=0x2064
            | 0x206A..=0x206F
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_named_and_ordinary_text_is_not() {
        for (c, kind) in [
            ('\u{1b}', "control character"),
            ('\u{7f}', "control character"),
            ('\u{9b}', "control character"),
            ('\u{202e}', "bidirectional control"),
            ('\u{2067}', "bidirectional control"),
            ('\u{200f}', "bidirectional control"),
            ('\u{200b}', "zero-width character"),
            ('\u{feff}', "zero-width character"),
            ('\u{2060}', "zero-width character"),
            ('\u{2028}', "line or paragraph separator"),
            ('\u{ad}', "invisible format character"),
            ('\u{e0041}', "invisible format character"),
        ] {
            assert_eq!(hidden_kind(c), Some(kind), "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', 'ß', '日', '😀', ' ', '\u{a0}', 'א', 'ع'] {
            assert_eq!(hidden_kind(c), None, "U+{:04X}", c as u32);
        }
    }
}
