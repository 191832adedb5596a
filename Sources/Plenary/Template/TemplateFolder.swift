import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A templates folder as the compilers of one `TemplateLibrary` share it. Every template of a
/// build includes or extends the same few shared files (the macros, the page layout), so a file is
/// located (a few system calls), read and parsed once, however many templates use it; an included
/// file whose compiled form does not depend on the template that includes it is also compiled once
/// (see `TemplateCompiler.compileInclude`). A failure is not kept, so every template that includes
/// a broken file reports it.
final class TemplateFolder {
    /// The templates folder, standardised.
    let root: URL
    /// The path that the paths in messages are relative to.
    private let displayBase: String
    /// `root` with its symbolic links resolved, which every file must be inside.
    private(set) lazy var realRoot = Self.realPath(root.path) ?? root.resolvingSymlinksInPath().path
    /// Include paths found so far: the file, and its path as messages give it.
    private var located: [String: (url: URL, path: String)] = [:]
    /// Files read and parsed so far, by their path in messages.
    private var parsed: [String: (source: TemplateSource, tree: XMLTree)] = [:]
    /// Included files compiled so far, by their path in messages.
    private var compiledIncludes: [String: CompiledInclude] = [:]

    /// What compiling an included file gave, and did to the compiler.
    struct CompiledInclude {
        var nodes: [TemplateNode]
        /// The macros it defined (with those of the files it includes).
        var macros: [String: Macro]
        /// The files it read: itself first, then those it includes, in order.
        var files: [String]
        /// The names of the `<t:block>`s in it, none of which was filled.
        var blocks: Set<String>
    }

    init(root: URL, displayRoot: URL) {
        self.root = root.standardizedFileURL
        displayBase = displayRoot.standardizedFileURL.path
    }

    /// `url`'s path relative to `displayRoot`, or whole if it is not inside.
    func displayPath(_ url: URL) -> String { displayPath(standardized: url.standardizedFileURL.path) }

    /// The same for the path of a URL that is standardised already.
    func displayPath(standardized path: String) -> String {
        path.hasPrefix(displayBase + "/") ? String(path.dropFirst(displayBase.count + 1)) : path
    }

    /// The contents of the file at `url`, which `name` (as the template or the library wrote it)
    /// stands for. Every read from the templates folder comes through here, templates and catalogs
    /// alike: a catalog that is a link to /etc/shadow would otherwise be read and its lines
    /// published. The path, its links resolved, must be inside the folder's real path, and lead to
    /// a regular file (not a FIFO, which would block, nor a device) of at most
    /// `TemplateLimits.fileSize`. An error stands at `location`, where the file was asked for.
    func read(_ url: URL, name: String, at location: SourceLocation) throws(DiagnosticError) -> Data {
        // A refusal located in the refused file itself would quote its first line under the
        // message (a line of /etc/shadow in a build log): such a location is the bare path.
        let location = location.path == displayPath(url) ? SourceLocation.path(location.path) : location
        let hint = "the templates folder may hold only regular files and links to files inside it (\(displayPath(root)))"
        guard let real = Self.realPath(url.path) else {
            throw DiagnosticError(.error(at: location, "cannot read `\(name)`: \(String(cString: strerror(errno)))", hint: hint))
        }
        guard real.hasPrefix(realRoot + "/") else {
            throw DiagnosticError(.error(at: location, "`\(name)` is a link that leads outside the templates folder", hint: hint))
        }
        // Opened first, then checked: what is checked is what is read, even if the path changes
        // in between. O_NONBLOCK: opening a FIFO would otherwise wait for a writer. (No fstat:
        // which module Swift takes `struct stat` from differs between builds on Linux, and
        // FileManager's attributes look up the owner's name, which costs more than the read.)
        let descriptor = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw DiagnosticError(.error(at: location, "cannot read `\(name)`: \(String(cString: strerror(errno)))", hint: hint))
        }
        defer { close(descriptor) }
        // A regular file seeks to its end, which is its size; a FIFO or a socket cannot seek. A
        // device that can is caught below: it reads longer than its size.
        var isDirectory: ObjCBool = false
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0, lseek(descriptor, 0, SEEK_SET) == 0,
              FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DiagnosticError(.error(at: location, "`\(name)` is not a regular file", hint: hint))
        }
        let tooLarge = DiagnosticError(.error(at: location, "`\(name)` is larger than \(TemplateLimits.fileSize >> 20) MB",
                                              hint: "a template or a catalog is text written by hand: is this the right file?"))
        let size = Int(end)
        if size > TemplateLimits.fileSize { throw tooLarge }
        // One byte more than the size, to tell a file that grew since (never past the limit).
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count < bytes.count {
            let done = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if done < 0 && errno == EINTR { continue }
            guard done >= 0 else { throw DiagnosticError(.error(at: location, "cannot read `\(name)`: \(String(cString: strerror(errno)))", hint: hint)) }
            if done == 0 { break }
            count += done
        }
        if count > size {
            throw DiagnosticError(.error(at: location, "`\(name)` is not a regular file, or it changed while it was read", hint: hint))
        }
        let data = Data(bytes[..<count])
        return data
    }

    /// `path` with every symbolic link resolved (realpath(3)), or nil if it leads nowhere.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where the include path `name` was found, if it was before.
    func location(of name: String) -> (url: URL, path: String)? { located[name] }

    func keep(_ location: (url: URL, path: String), of name: String) { located[name] = location }

    /// The file at `path` (as messages give it), if it was read and parsed before.
    func file(_ path: String) -> (source: TemplateSource, tree: XMLTree)? { parsed[path] }

    func keep(_ source: TemplateSource, _ tree: XMLTree) { parsed[source.path] = (source, tree) }

    /// The included file at `path` (as messages give it), if it was compiled before.
    func compiledInclude(_ path: String) -> CompiledInclude? { compiledIncludes[path] }

    func keep(_ include: CompiledInclude, for path: String) { compiledIncludes[path] = include }
}
