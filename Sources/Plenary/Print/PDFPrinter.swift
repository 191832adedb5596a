import Foundation

/// Prints HTML pages to PDF through WeasyPrint, an existing paged-media engine (CSS Paged Media,
/// page-margin boxes, `float: footnote`, tagged PDF, fonts embedded and subset). Plenary writes no
/// PDF itself. The workers (one Python process each, `PrintWorker`) start when the first page is
/// printed — a build with nothing to print starts none — and as many run as pages are printed at
/// once, at most `jobs`. Thread-safe: the documents of a build print from their own threads.
final class PDFPrinter: @unchecked Sendable {
    /// The engine, as the output's fingerprint and the notes name it: "WeasyPrint 70.0".
    let engine: String
    let python: String
    let timeout: Double
    private let condition = NSCondition()
    private var idle: [PrintWorker] = []
    private var running = 0
    private let jobs: Int
    /// Why the engine cannot start, once it failed: not tried again for every page.
    private var unavailable: String?

    /// The Python that runs WeasyPrint: `$PLENARY_PYTHON`, or `python3`.
    static var defaultPython: String { ProcessInfo.processInfo.environment["PLENARY_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3" }
    /// How long one page may take (`$PLENARY_PRINT_TIMEOUT`, seconds; 300 by default: the bundled
    /// note, 24 pages, takes 8 s).
    static var defaultTimeout: Double {
        ProcessInfo.processInfo.environment["PLENARY_PRINT_TIMEOUT"].flatMap(Double.init).map { max($0, 1) } ?? 300
    }
    /// The WeasyPrint version this project is tested with (the Makefile installs it).
    static let testedVersion = "70.0"

    /// Finds the engine (a quick look at the installed package's version, without starting it):
    /// an error that says how to install it when it is missing.
    init(jobs: Int, python: String = PDFPrinter.defaultPython, timeout: Double = PDFPrinter.defaultTimeout) throws(DiagnosticError) {
        self.jobs = max(1, jobs)
        self.python = python
        self.timeout = timeout
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [python, "-c", "import importlib.metadata as m; print(m.version('weasyprint'))"]
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = FileHandle.nullDevice
        probe.standardInput = FileHandle.nullDevice
        var version = ""
        if (try? probe.run()) != nil {
            let data = (try? output.fileHandleForReading.readToEnd()) ?? nil
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { version = String(decoding: data ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard !version.isEmpty else { throw DiagnosticError(Self.missing(python, "WeasyPrint is not installed for it")) }
        engine = "WeasyPrint \(version)"
    }

    static func missing(_ python: String, _ why: String) -> Diagnostic {
        .error(at: .path(python), "cannot print PDF: \(why)",
               hint: "`make pdf-deps` installs it (python3 -m pip install weasyprint==\(testedVersion), with Pango and the Noto fonts); PLENARY_PYTHON names another Python")
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
            if case .page = error { checkIn(worker) } else { retire(worker) }
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

    private func retire(_ worker: PrintWorker) {
        worker.close()
        condition.lock()
        running -= 1
        condition.signal()
        condition.unlock()
    }
}
