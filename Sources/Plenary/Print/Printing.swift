import Foundation

extension Builder {
    /// What pages are printed with: `printer`, and the stylesheet they link to, read once. Without
    /// it a PDF would have no page layout and its footnotes in the running text: an error.
    func printing(with printer: PDFPrinter) throws(DiagnosticError) -> Printing {
        let path = stylesheetDisplayPath
        guard let css = try stylesheet() else {
            throw DiagnosticError(.error(at: .path(path), "cannot print PDF without the stylesheet \(path): it lays out the pages (A4, the running header, the footnotes at the foot of each page)",
                                         hint: "restore it, or build without pdf (--formats akn,html)"))
        }
        return Printing(printer: printer, css: String(decoding: css, as: UTF8.self), stylesheetPath: path)
    }

    /// What a build prints its PDFs with: the engine, and the stylesheet every page links to.
    struct Printing: Sendable {
        let printer: PDFPrinter
        let css: String
        /// `Templates/plenary.css` as diagnostics name it.
        let stylesheetPath: String

        /// Prints one page (`name`, e.g. `cp-6-7/en.pdf`), rendered from `template`; WeasyPrint's
        /// warnings and errors go to `result` as diagnostics: at the stylesheet's line and column
        /// when they are the stylesheet's, at the page's template otherwise. Nil when it failed.
        func print(page: Data, named name: String, template: CompiledTemplate, into result: inout DocumentResult) -> Data? {
            let templatePath = template.files.first ?? template.name
            do {
                let printed = try printer.print(html: String(decoding: page, as: UTF8.self), css: css)
                for message in printed.stylesheetWarnings {
                    result.warnings.append(Self.warning(message, in: stylesheetPath))
                }
                for message in printed.warnings {
                    result.warnings.append(.init(.warning, at: .path(templatePath), "printing \(name): WeasyPrint: \(Self.clipped(message))"))
                }
                return printed.pdf
            } catch {
                switch error {
                case .unavailable(let why):
                    result.errors.append(PDFPrinter.missing(printer.python.path, Self.clipped(why)))
                case .page(let why):
                    result.errors.append(.error(at: .path(templatePath), "cannot print \(name): \(Self.clipped(why))",
                                                hint: "WeasyPrint refused the page this template made"))
                case .died(let why):
                    result.errors.append(.error(at: .path(templatePath), "cannot print \(name): \(Self.clipped(why))",
                                                hint: "WeasyPrint crashed or was killed on this page; the next page starts a new worker"))
                case .timedOut(let seconds):
                    result.errors.append(.error(at: .path(templatePath), "cannot print \(name): WeasyPrint did not finish the page in \(seconds) s",
                                                hint: "PLENARY_PRINT_TIMEOUT gives a page more seconds"))
                }
                return nil
            }
        }

        /// "Ignored `x` at 12:3, unknown property." → a warning at `path:12:3`.
        static func warning(_ message: String, in path: String) -> Diagnostic {
            let text = clipped(message)
            guard let match = text.firstMatch(of: /at (\d+):(\d+)/), let line = Int(match.1), let column = Int(match.2) else {
                return .init(.warning, at: .path(path), "WeasyPrint: \(text)")
            }
            return .init(.warning, at: SourceLocation(path: path, line: line, column: column),
                         "WeasyPrint: \(text.replacingCharacters(in: match.range, with: "here"))",
                         hint: "the PDF is printed without this rule")
        }

        /// An engine's message is quoted, not trusted: one line, of bounded length.
        static func clipped(_ message: String) -> String {
            Diagnostic.clipped(message.split(whereSeparator: \.isNewline).joined(separator: " "), to: Diagnostic.longestValue * 4)
        }
    }
}
