public import Foundation

/// A file or folder of the output that could not be written, and the system's reason (`errno`).
/// It is the user's environment that is at fault (a full or read-only disk, a missing permission,
/// a file where a folder should be), not Plenary: the build reports it as one `Diagnostic` that
/// names the path and says what to do, never as a raw Foundation error.
public struct OutputError: Error, Sendable, Equatable {
    /// The absolute path that could not be written.
    public var path: String
    public var code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// `error`, thrown while writing `path` by Foundation or by the system calls of this folder, with
    /// its `errno` dug out (Foundation wraps it in a CocoaError or an NSError of another domain).
    public static func from(_ error: any Error, path: String) -> OutputError {
        if let error = error as? OutputError { return error }
        return OutputError(path: (error as NSError).userInfo[NSFilePathErrorKey] as? String ?? path, code: errno(of: error) ?? EIO)
    }

    /// The last `errno` of a failed system call on `path`.
    static func lastError(_ path: String) -> OutputError { OutputError(path: path, code: Foundation.errno) }

    private static func errno(of error: any Error) -> Int32? {
        if let error = error as? POSIXError { return error.code.rawValue }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error, let code = errno(of: underlying) { return code }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteVolumeReadOnly: return EROFS
            case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
            case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
            case .fileWriteFileExists: return EEXIST
            default: return nil
            }
        }
        return nil
    }

    /// One sentence with the path and what to do. `displayPath` shortens a path as messages show it.
    public func diagnostic(displayPath: (String) -> String) -> Diagnostic {
        let shown = displayPath(path)
        let elsewhere = "or build into another folder (plenary build --output DIR)"
        switch code {
        case ENOTDIR, EEXIST:
            // Some folder on the way is a file: name that file, which is what the user must move.
            let blocker = Self.fileInTheWay(of: path).map(displayPath) ?? shown
            return .error(at: .path(shown), "cannot write the output: \(blocker) is a file, not a folder",
                          hint: "move or rename \(blocker), \(elsewhere)")
        case EISDIR:
            return .error(at: .path(shown), "cannot write the output file: \(shown) is a folder",
                          hint: "move or remove the folder \(shown), \(elsewhere)")
        case EROFS:
            return .error(at: .path(shown), "cannot write the output: \(shown) is on a read-only disk",
                          hint: "make the disk writable, \(elsewhere)")
        case EACCES, EPERM:
            return .error(at: .path(shown), "cannot write the output: no permission to write \(shown)",
                          hint: "give yourself write permission on the output folder (chmod u+w), \(elsewhere)")
        case ENOSPC, EDQUOT:
            return .error(at: .path(shown), "cannot write the output: the disk holding \(shown) is full",
                          hint: "free some space and build again (the files already there are unchanged), \(elsewhere)")
        case ENOENT:
            return .error(at: .path(shown), "cannot write the output: its folder was removed while the build was writing it",
                          hint: "build again, and do not move or remove the output folder while a build writes it")
        default:
            return .error(at: .path(shown), "cannot write the output \(shown): \(String(cString: strerror(code)))",
                          hint: "check the output folder and build again, \(elsewhere)")
        }
    }

    /// The nearest existing ancestor of `path` (itself included) that is not a folder.
    static func fileInTheWay(of path: String) -> String? {
        var url = URL(fileURLWithPath: path)
        while url.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) { return isFolder.boolValue ? nil : url.path }
            url.deleteLastPathComponent()
        }
        return nil
    }
}
