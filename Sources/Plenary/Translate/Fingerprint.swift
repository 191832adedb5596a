public import Foundation

/// A stable fingerprint of an original-language text, so a translation can record what it was
/// translated from. The text is normalised first (Unicode NFC, runs of white space as one space,
/// trimmed), so re-wrapping a YAML paragraph does not make its translations stale.
enum Fingerprint {
    static func normalised(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What is left when only white space, punctuation and case changed: a "minor" change.
    static func minorForm(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars where !ignoredInMinorForm.contains(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Made once: Foundation builds a predefined character set anew on every access, which was
    /// most of the time `check` spent on a long paragraph.
    private static let ignoredInMinorForm = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols)

    /// FNV-1a, 64 bits, as 16 hex digits: deterministic on every machine (Swift's Hasher is seeded
    /// per process), and enough to tell two versions of a paragraph apart.
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalised(text).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
