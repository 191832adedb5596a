import Foundation
internal import _FoundationICU

/// An ordinal spelled out by ICU's rule-based number format, with a rule set the language's
/// catalog chooses: "sixth", « sixième », "sexta", «шестое», «السادس», "第六". Foundation's
/// NumberFormatter has no way to pick a rule set, so this goes to ICU (the copy Foundation
/// ships, whose functions carry a `swift_` prefix and cannot clash with the system ICU libxml2
/// uses).
enum SpelledOrdinal {
    static func spell(_ value: Int, locale: String, ruleSet: String) -> String? {
        var status = U_ZERO_ERROR
        guard let formatter = swift_unum_open(UNUM_SPELLOUT, nil, 0, locale, nil, &status), status.rawValue <= 0 else { return nil }
        defer { swift_unum_close(formatter) }
        let name = Array(ruleSet.utf16)
        swift_unum_setTextAttribute(formatter, UNUM_DEFAULT_RULESET, name, Int32(name.count), &status)
        // An unknown rule set leaves ICU's default, a cardinal: refused rather than printed.
        guard status.rawValue <= 0 else { return nil }
        var buffer = [UChar](repeating: 0, count: 128)
        let length = swift_unum_formatInt64(formatter, Int64(value), &buffer, Int32(buffer.count), nil, &status)
        guard status.rawValue <= 0, length > 0, Int(length) <= buffer.count else { return nil }
        return String(utf16CodeUnits: buffer, count: Int(length))
    }
}
