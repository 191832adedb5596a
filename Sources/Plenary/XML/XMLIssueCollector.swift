import Foundation
internal import CLibXML2

/// Receives libxml2's structured errors. libxml2 keeps only the *last* error on a parser context,
/// which for `<a><b></a>` is the misleading "Premature end of data"; collecting each one as it is
/// raised keeps the first, real cause.
final class XMLIssueCollector {
    private(set) var issues: [XMLIssue] = []

    func record(_ error: UnsafePointer<xmlError>) {
        let raw = error.pointee
        var message = raw.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        let level: XMLIssue.Level = raw.level.rawValue >= XML_ERR_ERROR.rawValue ? .error : .warning
        // libxml2 stores the column of parser errors in int2; validation errors carry none.
        issues.append(XMLIssue(level: level, line: Int(raw.line), column: Int(max(raw.int2, 0)), message: message))
    }

    var errors: [XMLIssue] { issues.filter { $0.level == .error } }

    /// Runs `body` with this collector installed as the calling thread's structured error handler.
    /// libxml2 keeps the handler per thread and `body` is synchronous, so concurrent parses on other
    /// threads are not affected.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context, xmlIssueHandler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try body()
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// The C callback shared by the parser, schema parser and validator.
let xmlIssueHandler: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<XMLIssueCollector>.fromOpaque(context).takeUnretainedValue().record(error)
}

/// libxml2 must be initialised once per process before threads use it; a global `let` is lazy and
/// thread-safe in Swift.
let libxml2Initialized: Void = { xmlInitParser() }()
