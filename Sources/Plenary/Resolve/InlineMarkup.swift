import Foundation
/// Inline markup as written in a language file, before it is resolved: text, `*emphasis*`,
/// `**bold**`, `^superscript^`, `[[br]]` (a line break) and `[[tag …]]`.
enum InlineMarkup: Equatable, Sendable {
    case text(String)
    case emphasis([InlineMarkup])
    case strong([InlineMarkup])
    case superscript([InlineMarkup])
    /// `[[br]]`
    case lineBreak
    case tag(Tag, raw: String)

    enum Tag: Equatable, Sendable {
        /// `[[para p2]]`, `[[para p2, p3]]`, `[[para p8..p11]]`; `[[para cp-6-7:p5]]` in another document
        case paragraphs([String], range: Bool)
        case section(String)
        case number(String)
        /// `[[annex]]` (the only one), `[[annex annex2]]` (one of several)
        case annex(String?)
        case footnote(String)
        case symbol(String)
        case decision(String, bare: Bool)
        case link(url: String, text: String?)
        case statistic(id: String, form: String, group: String?)
        /// `[[table t1]]`, `[[figure f1]]`: "table 1 below"; `bare`: "table 1"
        case table(String, bare: Bool)
        case figure(String, bare: Bool)
    }

    static let tagNames = ["para", "section", "number", "annex", "footnote", "symbol", "decision", "link", "stat", "table", "figure", "br"]
}
