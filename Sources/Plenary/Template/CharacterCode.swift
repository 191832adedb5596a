/// One byte that stands for one Character of template text, so the compiler can scan text for
/// `{`, quotes and names without the cost of `Character`: a Character that is a single ASCII
/// scalar is its own byte (all the syntax is ASCII); any other (a CJK character, an accented
/// letter, CR LF as one Character) is `nonASCII` plus flags saying what `Character` says of it.
/// Equal codes below `nonASCII` mean equal Characters; codes at or above it are never equal to an
/// ASCII one, just as such a Character is never equal to an ASCII Character.
enum CharacterCode {
    static let nonASCII: UInt8 = 0x80
    private static let whitespace: UInt8 = 0x01
    private static let letter: UInt8 = 0x02
    private static let number: UInt8 = 0x04

    /// The code of `character`.
    static func code(for character: Character) -> UInt8 {
        let utf8 = character.utf8
        if utf8.count == 1, let byte = utf8.first { return byte }
        return nonASCII | (character.isWhitespace ? whitespace : 0) | (character.isLetter ? letter : 0) | (character.isNumber ? number : 0)
    }

    // For ASCII these agree with `Character.isWhitespace`, `isLetter` and `isNumber`.

    @inline(__always)
    static func isWhitespace(_ code: UInt8) -> Bool {
        code < nonASCII ? code == 0x20 || (code >= 0x09 && code <= 0x0D) : code & whitespace != 0
    }

    @inline(__always)
    static func isLetter(_ code: UInt8) -> Bool {
        code < nonASCII ? (code >= 0x41 && code <= 0x5A) || (code >= 0x61 && code <= 0x7A) : code & letter != 0
    }

    @inline(__always)
    static func isNumber(_ code: UInt8) -> Bool {
        code < nonASCII ? code >= 0x30 && code <= 0x39 : code & number != 0
    }
}
