/// The bounds on how deep a template may nest, each checked where the nesting is built, with an
/// error at the template's file, line and column. The compiler, the checker and the renderer walk
/// nested things by recursion: without a bound, a hostile or mistaken template (a macro that calls
/// itself, `{((((…))))}`, 30,000 chained filters) overflowed the stack and the build died with
/// SIGSEGV and no location. Every bound is far above what a real template needs (the bundled ones
/// nest expressions 3 deep, macros about 12, elements about 20) and small enough that the deepest
/// allowed template compiles and renders on a 1 MB thread stack in a release build (build threads
/// have 8 MB; TemplateSecurityTests).
enum TemplateLimits {
    /// How deep an expression may nest: parentheses, `not`, `and`/`or` and filter chains together.
    static let expressionDepth = 100
    /// How many `t:elif`/`t:else` may follow one `t:if`.
    static let elseBranches = 100
    /// How deep macros may call one another while a document renders (a macro that calls itself
    /// only under a `t:if` or a `t:for`, like `points` for nested lists, is fine until then).
    static let macroDepth = 64
    /// How deep the rendered elements may nest: libxml2 reads no deeper without XML_PARSE_HUGE,
    /// the same bound as the templates' own nesting.
    static let elementDepth = 256
    /// How deep `<t:include>` and `<t:extends>` may nest.
    static let includeDepth = 32
    /// The largest file read from the templates folder (a template or a catalog).
    static let fileSize = 8 << 20
}
