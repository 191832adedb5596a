public import Foundation

/// An exclusive lock on an output folder, so two builds writing the same folder take turns instead
/// of interleaving. The lock is an `flock` on a dot-file: the kernel releases it when the process
/// ends, even by SIGKILL, so a killed build never leaves the folder locked.
public final class OutputLock {
    private let descriptor: Int32

    /// Takes the lock, calling `waiting` once if another build holds it and then waiting for it.
    public init(folder: URL, waiting: () -> Void) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".plenary.lock").path
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
