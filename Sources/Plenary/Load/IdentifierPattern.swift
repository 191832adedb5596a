/// The documented shapes of the identifiers a meeting's sources give Plenary, checked when they
/// are loaded. Each of them reaches a URL, an XML id, an IRI or a file name in the output (a
/// document folder's name becomes a link on the index page and a folder of Output/, a symbol the
/// number of the FRBR IRIs, the actor a segment of them), so a value outside its pattern is refused
/// with its location instead of being escaped differently in each place it lands. The patterns are
/// written out in Meetings/README.md ("Names and symbols").
///
/// Checked on the bytes, like paragraph ids (`StructureReader.isValidId`): these run for every
/// document of every build.
enum IdentifierPattern: Sendable {
    /// A document or meeting folder's name: `[A-Za-z0-9][A-Za-z0-9_.-]*`, at most 100 characters.
    case folderName
    /// A document symbol or decision symbol: segments of `[A-Za-z0-9][A-Za-z0-9.-]*` joined by
    /// `/` ("UNEP/CBD/BS/COP-MOP/6/7/Add.1", "BS-V/3", "VIII/10"), at most 100 characters.
    case symbol
    /// The Akoma Ntoso actor: `[a-z0-9][a-z0-9-]*` ("cbd-bs-copmop"), at most 64 characters.
    case actor
    /// A template's name: `[a-z][a-z0-9-]*` ("note", "decision"), at most 64 characters.
    case templateName

    private var maximumLength: Int {
        switch self {
        case .folderName, .symbol: 100
        case .actor, .templateName: 64
        }
    }

    /// What the pattern is, for hints.
    var description: String {
        switch self {
        case .folderName: "a name starts with a letter or digit and uses letters, digits, `-`, `_` and `.` (at most 100)"
        case .symbol: "a symbol is parts of letters, digits, `-` and `.` separated by `/`, each starting with a letter or digit, like `UNEP/CBD/BS/COP-MOP/6/7/Add.1` (at most 100 characters)"
        case .actor: "the actor uses lower-case letters, digits and `-`, starting with a letter or digit, like `cbd-bs-copmop` (at most 64)"
        case .templateName: "a template's name uses lower-case letters, digits and `-`, starting with a letter, like `note` (at most 64)"
        }
    }

    func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        switch self {
        case .folderName:
            return Self.isAlphanumeric(bytes[0]) && bytes.allSatisfy { Self.isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
        case .symbol:
            // Every segment (between slashes) starts with a letter or digit: no empty segment, no
            // `..`, no leading or trailing slash.
            var atSegmentStart = true
            for byte in bytes {
                if atSegmentStart {
                    guard Self.isAlphanumeric(byte) else { return false }
                    atSegmentStart = false
                } else if byte == 0x2F {
                    atSegmentStart = true
                } else if !(Self.isAlphanumeric(byte) || byte == 0x2D || byte == 0x2E) {
                    return false
                }
            }
            return !atSegmentStart
        case .actor:
            return Self.isLowerOrDigit(bytes[0]) && bytes.allSatisfy { Self.isLowerOrDigit($0) || $0 == 0x2D }
        case .templateName:
            return (0x61...0x7A).contains(bytes[0]) && bytes.allSatisfy { Self.isLowerOrDigit($0) || $0 == 0x2D }
        }
    }

    private static func isLowerOrDigit(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerOrDigit(byte) || (0x41...0x5A).contains(byte)
    }
}
