import Foundation

/// Kills a process (SIGKILL) unless cancelled within `seconds`: a read from a worker or a probe
/// that never ends then ends. Whether it fired tells a timeout from a process that failed.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var didFire = false
    private var work: DispatchWorkItem?

    init(killing pid: pid_t, after seconds: Double) {
        let work = DispatchWorkItem { [weak self] in
            self?.lock.withLock { self?.didFire = true }
            kill(pid, SIGKILL)
        }
        self.work = work
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: work)
    }

    /// Whether the process was killed for running out of time.
    var fired: Bool { lock.withLock { didFire } }

    func cancel() { work?.cancel() }
}
