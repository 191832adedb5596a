import Foundation
import Plenary

/// One libFuzzer target per parser, chosen by PLENARY_FUZZ_TARGET (template, inline, loader, structure, xliff, pages).
/// The scratch folders are made once per process.
enum Target: String { case template, inline, loader, structure, xliff, pages }

nonisolated(unsafe) let target = Target(rawValue: ProcessInfo.processInfo.environment["PLENARY_FUZZ_TARGET"] ?? "inline") ?? .inline
nonisolated(unsafe) let scratch: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-fuzz-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    if [.loader, .structure, .xliff].contains(target), let seed = ProcessInfo.processInfo.environment["PLENARY_FUZZ_MEETING"] {
        try? FileManager.default.copyItem(at: URL(fileURLWithPath: seed), to: folder)
    } else {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    return folder
}()

/// `pages`: the bundled templates and meeting (PLENARY_FUZZ_TEMPLATES, PLENARY_FUZZ_PAGES_MEETING),
/// loaded once; a load error stops the run at once rather than fuzz nothing.
let hostilePages: HostilePages? = {
    guard target == .pages else { return nil }
    let environment = ProcessInfo.processInfo.environment
    do throws(DiagnosticError) {
        return try HostilePages(templates: URL(fileURLWithPath: environment["PLENARY_FUZZ_TEMPLATES"] ?? "Templates"),
                                meeting: URL(fileURLWithPath: environment["PLENARY_FUZZ_PAGES_MEETING"] ?? "Meetings/bs-copmop-6"))
    } catch { fatalError("pages: \(error.diagnostics.map(\.description))") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    switch target {
    case .template: FuzzEntry.templateCompiler(data, folder: scratch)
    case .inline: FuzzEntry.inlineMarkup(data)
    case .loader: FuzzEntry.sourceLoader(data, meeting: scratch, textFile: "documents/n1/en.yaml")
    // document.yaml of the tables fixture: blocks, tables (spans, sums, computed rows), figures.
    case .structure: FuzzEntry.sourceLoader(data, meeting: scratch, textFile: "documents/t1/document.yaml")
    case .xliff: FuzzEntry.xliffImport(data, meeting: scratch, document: "n1")
    case .pages: hostilePages?.check(data)
    }
    return 0
}

/// libFuzzer's driver, from the runtime -sanitize=fuzzer links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; with no main of our own, it hands
/// control to libFuzzer's driver.
@_cdecl("PlenaryFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
