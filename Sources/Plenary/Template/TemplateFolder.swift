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
        let hint = "the templates folder may hold only regular files and links to files inside it (\(displayPath(root)))"
        guard let real = Self.realPath(url.path) else {
            throw DiagnosticError(.error(at: location, "cannot read `\(name)`: \(String(cString: strerror(errno)))", hint: hint))
        }
        guard real.hasPrefix(realRoot + "/") else {
            throw DiagnosticError(.error(at: location, "`\(name)` is a link that leads outside the templates folder", hint: hint))
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: real)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw DiagnosticError(.error(at: location, "`\(name)` is not a regular file", hint: hint))
        }
        let tooLarge = DiagnosticError(.error(at: location, "`\(name)` is larger than \(TemplateLimits.fileSize >> 20) MB",
                                              hint: "a template or a catalog is text written by hand: is this the right file?"))
        if let size = attributes?[.size] as? Int, size > TemplateLimits.fileSize { throw tooLarge }
        // Read no more than the limit, whatever the size said: the file may have grown since.
        guard let handle = FileHandle(forReadingAtPath: real),
              let data = try? handle.read(upToCount: TemplateLimits.fileSize + 1) ?? Data() else {
            throw DiagnosticError(.error(at: location, "cannot read `\(name)`", hint: hint))
        }
        try? handle.close()
        if data.count > TemplateLimits.fileSize { throw tooLarge }
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
