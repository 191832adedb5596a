import Foundation

/// One WeasyPrint process (`PrintWorkerScript`) and the pipe to it: a page in, a PDF out, one at
/// a time. The process is hostile until its answers check out: an answer is read with a bound on
/// its size and must have the shape the script writes, a PDF must look like one, and anything
/// else — or a page that takes longer than `timeout` — kills the process (SIGKILL: a worker
/// blocked writing a reply Plenary stopped reading must not keep the build waiting).
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
        /// The process died, was killed, or answered nonsense: it is not used again.
        case died(String)
        /// The page took longer than the timeout (seconds); the process was killed.
        case timedOut(Int)
    }

    /// The largest PDF a page may become (the 24-page note is 0.2 MB, its Chinese 0.8 MB).
    static let largestPDF = 256 << 20
    /// The longest answer header (a PDF's warnings are capped by the script well below).
    static let longestHeader = 1 << 20

    private let process: Process
    private let input: FileHandle
    private let output: PipeReader
    private let timeout: Double

    /// Starts `python` on the worker script and waits for its greeting (a minute at most: importing
    /// WeasyPrint takes most of a second). `timeout`: the seconds a page may take.
    init(python: URL, timeout: Double) throws(Failure) {
        self.timeout = timeout
        process = Process()
        process.executableURL = python
        process.arguments = ["-c", PrintWorkerScript.source]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        // WeasyPrint's own log goes to the answers; what else Python prints is not Plenary's output.
        process.standardError = FileHandle.nullDevice
        input = stdin.fileHandleForWriting
        output = PipeReader(stdout.fileHandleForReading)
        // A worker that died would otherwise kill Plenary with SIGPIPE at the next request.
        signal(SIGPIPE, SIG_IGN)
        do { try process.run() } catch { throw .unavailable("cannot run \(python.path): \(error.localizedDescription)") }
        let hello: Answer
        do { hello = try watched(for: max(timeout, 60)) { try output.answer() } } catch {
            kill()
            throw .unavailable("\(python.path) did not start the print worker (is it Python 3?)")
        }
        guard hello.ok, hello.version != nil else {
            kill()
            throw .unavailable(hello.error ?? "the print worker did not start")
        }
    }

    /// Prints one page. `html` is the page; `css` what its link to `../plenary.css` loads.
    func print(html: String, css: String) throws(Failure) -> (pdf: Data, answer: Answer) {
        var request = Data()
        do {
            request = try JSONSerialization.data(withJSONObject: ["html": html, "css": css], options: [])
        } catch { throw .page("the page cannot be sent to the print worker: \(error)") }
        request.append(0x0A)
        let answer: Answer
        let pdf: Data
        do {
            (answer, pdf) = try watched(for: timeout) {
                try input.write(contentsOf: request)
                let answer = try output.answer()
                guard answer.ok else { return (answer, Data()) }
                guard let size = answer.size, (0...Self.largestPDF).contains(size) else { throw Malformed("a PDF of size \(answer.size.map(String.init) ?? "none")") }
                return (answer, try output.read(count: size))
            }
        } catch let failure as Failure {
            kill()
            throw failure
        } catch {
            kill()
            throw .died("the print worker stopped: \(error)")
        }
        guard answer.ok else { throw .page(answer.error ?? "WeasyPrint failed") }
        // A PDF starts with its header and ends with its end-of-file marker (and a line break).
        guard pdf.starts(with: Data("%PDF-".utf8)), pdf.suffix(8).range(of: Data("%%EOF".utf8)) != nil else {
            kill()
            throw .died("the print worker's answer is not a PDF")
        }
        return (pdf, answer)
    }

    /// Runs `body` (a read from the worker) with the watchdog: past the timeout the process is
    /// killed, which ends the read. A kill that came as the answer arrived counts too.
    private func watched<T>(for seconds: Double, _ body: () throws -> T) throws -> T {
        let watchdog = Watchdog(killing: process.processIdentifier, after: seconds)
        defer { watchdog.cancel() }
        do {
            let result = try body()
            if watchdog.fired { throw Failure.timedOut(Int(seconds)) }
            return result
        } catch {
            if watchdog.fired { throw Failure.timedOut(Int(seconds)) }
            throw error
        }
    }

    /// Ends the worker: it stops when its input closes; one that does not within five seconds is killed.
    func close() {
        try? input.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        kill()
    }

    /// Kills the worker and reaps it.
    func kill() {
        try? input.close()
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// An answer that does not have the shape the worker script writes.
    private struct Malformed: Error, CustomStringConvertible {
        var what: String
        init(_ what: String) { self.what = what }
        var description: String { "its answer announced \(what)" }
    }
}

/// The worker's standard output, read through a buffer: a line (an answer), then bytes.
private final class PipeReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    struct EndOfStream: Error, CustomStringConvertible {
        var description: String { "its output ended" }
    }
    struct TooLong: Error, CustomStringConvertible {
        var description: String { "its answer was longer than \(PrintWorker.longestHeader >> 20) MB" }
    }

    func answer() throws -> PrintWorker.Answer {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                defer { buffer = Data(buffer[buffer.index(after: newline)...]) }
                return try JSONDecoder().decode(PrintWorker.Answer.self, from: Data(line))
            }
            guard buffer.count < PrintWorker.longestHeader else { throw TooLong() }
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
