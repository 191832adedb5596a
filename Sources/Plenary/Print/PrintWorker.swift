import Foundation

/// One WeasyPrint process (`PrintWorkerScript`) and the pipe to it: a page in, a PDF out, one at
/// a time. Its answers are read with a bound on their size, and a page that takes longer than
/// `timeout` kills the process, so a hostile page can neither hang the build nor exhaust memory.
final class PrintWorker {
    /// What the worker answered: a JSON header, and the PDF's bytes after it.
    struct Answer: Decodable {
        var ok: Bool
        var version: String?
        var size: Int?
        var pages: Int?
        var warnings: [String]?
        var stylesheet_warnings: [String]?
        var error: String?
    }

    enum Failure: Error {
        /// The engine could not start (WeasyPrint not installed): the message says why.
        case unavailable(String)
        /// This page could not be printed; the worker goes on with the next.
        case page(String)
        /// The process died or was killed mid-page: it cannot be used again.
        case died(String)
    }

    /// The largest PDF a page may become (a 24-page note is 0.2 MB).
    static let largestPDF = 256 << 20
    static let longestHeader = 1 << 20

    private(set) var version = ""
    private let process: Process
    private let input: FileHandle
    private let output: PipeReader
    private let timeout: Double

    init(python: String, timeout: Double) throws(Failure) {
        self.timeout = timeout
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", PrintWorkerScript.source]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        // WeasyPrint's own log goes to the answers; what else Python prints is not Plenary's output.
        process.standardError = FileHandle.nullDevice
        input = stdin.fileHandleForWriting
        output = PipeReader(stdout.fileHandleForReading)
        // A worker that died would otherwise kill Plenary with SIGPIPE at the next request.
        signal(SIGPIPE, SIG_IGN)
        do { try process.run() } catch { throw .unavailable("cannot run \(python): \(error.localizedDescription)") }
        let hello: Answer
        do { hello = try output.answer() } catch {
            throw .unavailable("\(python) did not start the print worker (is it Python 3?)")
        }
        guard hello.ok, let version = hello.version else {
            close()
            throw .unavailable(hello.error ?? "the print worker did not start")
        }
        self.version = version
    }

    /// Prints one page. `html` is the page; `css` what its link to `../plenary.css` loads.
    func print(html: String, css: String) throws(Failure) -> (pdf: Data, answer: Answer) {
        var request = Data()
        do {
            request = try JSONSerialization.data(withJSONObject: ["html": html, "css": css], options: [])
        } catch { throw .page("the page cannot be sent to the print worker: \(error)") }
        request.append(0x0A)
        // The watchdog: past the timeout the process is killed, and the read below ends.
        let expired = Expiry()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            expired.fire()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let answer: Answer
        let pdf: Data
        do {
            try input.write(contentsOf: request)
            answer = try output.answer()
            pdf = try output.read(count: answer.ok ? min(answer.size ?? 0, Self.largestPDF + 1) : 0)
        } catch {
            throw .died(expired.fired ? "WeasyPrint did not finish the page in \(Int(timeout)) s" : "the print worker stopped (\(error))")
        }
        guard answer.ok else { throw .page(answer.error ?? "WeasyPrint failed") }
        guard let size = answer.size, size <= Self.largestPDF, pdf.count == size else {
            throw .page("WeasyPrint's PDF is larger than \(Self.largestPDF >> 20) MB")
        }
        return (pdf, answer)
    }

    /// Ends the worker: it stops when its input closes.
    func close() {
        try? input.close()
        if process.isRunning { process.waitUntilExit() }
    }

    /// Whether the watchdog fired: the page ran out of time rather than the worker failing.
    private final class Expiry: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var fired: Bool { lock.withLock { value } }
        func fire() { lock.withLock { value = true } }
    }

}

/// The worker's standard output, read through a buffer: a line (an answer), then bytes.
private final class PipeReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    struct EndOfStream: Error {}

    func answer() throws -> PrintWorker.Answer {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                defer { buffer = Data(buffer[buffer.index(after: newline)...]) }
                return try JSONDecoder().decode(PrintWorker.Answer.self, from: Data(line))
            }
            guard buffer.count < PrintWorker.longestHeader else { throw EndOfStream() }
            try fill()
        }
    }

    func read(count: Int) throws -> Data {
        while buffer.count < count { try fill() }
        defer { buffer = Data(buffer[(buffer.startIndex + count)...]) }
        return Data(buffer.prefix(count))
    }

    private func fill() throws {
        // What the pipe has now (at least a byte, or nothing at the end): `read(upToCount:)` would
        // wait for the whole count.
        let chunk = handle.availableData
        guard !chunk.isEmpty else { throw EndOfStream() }
        buffer.append(chunk)
    }
}
