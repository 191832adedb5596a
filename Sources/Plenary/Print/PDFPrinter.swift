import Foundation

/// Prints HTML pages to PDF through WeasyPrint, an existing paged-media engine (CSS Paged Media,
/// page-margin boxes, `float: footnote`, tagged PDF, fonts embedded and subset). Plenary writes no
/// PDF itself. The workers (one Python process each, `PrintWorker`) start when the first page is
/// printed — a build with nothing to print starts none — and as many run as pages are printed at
/// once, at most `jobs`. Thread-safe: the documents of a build print from their own threads.
final class PDFPrinter: @unchecked Sendable {
    /// The engine, as the output's fingerprint records it: "WeasyPrint 70.0 (pydyf 0.13.0, …)". A
    /// new version of any of them may print other bytes, so the PDFs are printed again.
    let engine: String
    /// The Python that runs WeasyPrint.
    let python: URL
    /// How long one page may take, in seconds.
    let timeout: Double
    private let condition = NSCondition()
    private var idle: [PrintWorker] = []
    private var running = 0
    private let jobs: Int
    /// Why the engine cannot start, once it failed: not tried again for every page.
    private var unavailable: String?

    /// The Python that runs WeasyPrint: `$PLENARY_PYTHON`, or `python3`.
    static var defaultPython: String { ProcessInfo.processInfo.environment["PLENARY_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3" }
    /// The WeasyPrint version this project is tested with (the Makefile installs it).
    static let testedVersion = "70.0"
    /// The longest a page may take by default, and the bounds of `$PLENARY_PRINT_TIMEOUT`.
    static let defaultTimeout = 300.0
    static let timeouts = 1.0...86_400.0

    /// How long one page may take: `$PLENARY_PRINT_TIMEOUT` seconds (300 by default: the bundled
    /// note, 20 pages, takes 2 s), refused unless a number within `timeouts`.
    static func timeout(from environment: [String: String] = ProcessInfo.processInfo.environment) throws(DiagnosticError) -> Double {
        guard let text = environment["PLENARY_PRINT_TIMEOUT"], !text.isEmpty else { return defaultTimeout }
        guard let seconds = Double(text), seconds.isFinite, timeouts.contains(seconds) else {
            throw DiagnosticError(.error(at: .path("PLENARY_PRINT_TIMEOUT"), "PLENARY_PRINT_TIMEOUT must be a number of seconds from 1 to 86400, not `\(Diagnostic.clipped(text, to: Diagnostic.longestValue))`",
                                         hint: "unset it for the default, \(Int(defaultTimeout)) s a page"))
        }
        return seconds
    }

    /// The program `python` names: a path as it is, a bare name looked up on PATH; nil when there
    /// is none that can be run.
    static func executable(_ python: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        let manager = FileManager.default
        if python.contains("/") { return manager.isExecutableFile(atPath: python) ? URL(fileURLWithPath: python) : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(python)
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue, manager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    /// What the probe prints: the versions that decide a PDF's bytes (WeasyPrint, the PDF writer,
    /// the font subsetter, Pango), read without importing WeasyPrint (a no-op build stays fast).
    static let probe = """
        import ctypes, ctypes.util, importlib.metadata as m
        versions = [m.version(p) for p in ("weasyprint", "pydyf", "fonttools")]
        pango = ctypes.CDLL(ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0")
        pango.pango_version_string.restype = ctypes.c_char_p
        print(" ".join(versions + [pango.pango_version_string().decode()]))
        """

    /// Finds the engine (a quick look at the installed packages' versions, without starting it):
    /// an error that says how to install it when it is missing.
    /// `timeout`: seconds a page may take (nil: `$PLENARY_PRINT_TIMEOUT` or the default).
    init(jobs: Int, python: String = PDFPrinter.defaultPython, timeout: Double? = nil) throws(DiagnosticError) {
        self.jobs = max(1, jobs)
        if let timeout { self.timeout = timeout } else { self.timeout = try Self.timeout() }
        guard let program = Self.executable(python) else {
            throw DiagnosticError(Self.missing(python, "there is no program `\(Diagnostic.clipped(python, to: Diagnostic.longestValue))` to run"))
        }
        self.python = program
        let probe = Process()
        probe.executableURL = program
        probe.arguments = ["-c", Self.probe]
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = FileHandle.nullDevice
        probe.standardInput = FileHandle.nullDevice
        var versions: [String] = []
        do {
            try probe.run()
            // A Python that hangs at start must not hang the build.
            let watchdog = Watchdog(killing: probe.processIdentifier, after: 60)
            let data = output.fileHandleForReading.readDataToEndOfFile()
            probe.waitUntilExit()
            watchdog.cancel()
            if probe.terminationReason == .exit, probe.terminationStatus == 0 {
                versions = String(decoding: data.prefix(1000), as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
            }
        } catch {
            throw DiagnosticError(Self.missing(python, "cannot run \(program.path): \(error.localizedDescription)"))
        }
        guard versions.count == 4 else { throw DiagnosticError(Self.missing(python, "WeasyPrint is not installed for it")) }
        engine = "WeasyPrint \(versions[0]) (pydyf \(versions[1]), fontTools \(versions[2]), Pango \(versions[3]))"
    }

    static func missing(_ python: String, _ why: String) -> Diagnostic {
        .error(at: .path(Diagnostic.clipped(python, to: Diagnostic.longestValue)), "cannot print PDF: \(why)",
               hint: "`make pdf-deps` installs WeasyPrint (python3 -m pip install weasyprint==\(testedVersion), with Pango and the Noto fonts); PLENARY_PYTHON names another Python")
    }

    /// A page printed: the PDF, its page count, and what WeasyPrint warned about, the stylesheet's
    /// warnings apart (they carry its lines and columns).
    struct Printed {
        var pdf: Data
        var pages: Int
        var warnings: [String]
        var stylesheetWarnings: [String]
    }

    /// Prints `html`, whose `../plenary.css` is `css`. Blocks while every worker is busy.
    func print(html: String, css: String) throws(PrintWorker.Failure) -> Printed {
        let worker = try checkOut()
        do {
            let (pdf, answer) = try worker.print(html: html, css: css)
            checkIn(worker)
            return Printed(pdf: pdf, pages: answer.pages ?? 0, warnings: answer.warnings ?? [], stylesheetWarnings: answer.stylesheet_warnings ?? [])
        } catch {
            // A page the engine refused leaves the worker fit for the next; a worker that died is dropped.
            if case .page = error { checkIn(worker) } else { retire() }
            throw error
        }
    }

    /// Stops every worker (at the end of the build).
    func close() {
        condition.lock()
        let workers = idle
        idle = []
        condition.unlock()
        for worker in workers { worker.close() }
    }

    private func checkOut() throws(PrintWorker.Failure) -> PrintWorker {
        condition.lock()
        while idle.isEmpty && running >= jobs && unavailable == nil { condition.wait() }
        if let unavailable {
            condition.unlock()
            throw .unavailable(unavailable)
        }
        running += 1
        if let worker = idle.popLast() {
            condition.unlock()
            return worker
        }
        condition.unlock()
        // A new worker starts outside the lock: starting Python takes most of a second.
        do {
            return try PrintWorker(python: python, timeout: timeout)
        } catch {
            condition.lock()
            running -= 1
            if case .unavailable(let why) = error { unavailable = why }
            condition.broadcast()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ worker: PrintWorker) {
        condition.lock()
        idle.append(worker)
        running -= 1
        condition.signal()
        condition.unlock()
    }

    /// A worker that failed (already killed by itself) leaves its place to a new one.
    private func retire() {
        condition.lock()
        running -= 1
        condition.signal()
        condition.unlock()
    }
}
