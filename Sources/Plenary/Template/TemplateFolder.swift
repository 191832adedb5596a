import Foundation

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
    private(set) lazy var realRoot = root.resolvingSymlinksInPath().path
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
