import ArgumentParser
import Foundation
import Plenary

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check generated XML: well-formed, valid against the Akoma Ntoso 3.0 schema, and Plenary's own rules.",
        discussion: "Checks every .xml file under the given files or folders (default: Output/)."
    )

    @Argument(help: "XML files or folders to check.")
    var paths: [String] = ["Output"]

    @Option(help: "The Akoma Ntoso 3.0 schema (akomantoso30.xsd).")
    var schema: String = "../shared/schemas/akn30/akomantoso30.xsd"

    private func loadChecker() throws -> AKNChecker {
        switch Result(catching: { () throws(DiagnosticError) in try AKNChecker(schema: URL(currentDirectoryRelative: schema)) }) {
        case .success(let checker): return checker
        case .failure(let error):
            Reporter.print(error.diagnostics)
            throw ExitCode(ExitStatus.sourceErrors)
        }
    }

    func run() throws {
        let checker = try loadChecker()
        var files: [URL] = []
        for path in paths {
            let url = URL(currentDirectoryRelative: path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw ValidationError("\(path) does not exist")
            }
            if isFolder.boolValue {
                let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
                while let file = enumerator?.nextObject() as? URL {
                    if file.pathExtension == "xml" { files.append(file) }
                }
            } else {
                files.append(url)
            }
        }
        files.sort { $0.path < $1.path }
        var problems: [Diagnostic] = []
        for file in files { problems += checker.check(file, displayRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        Reporter.print(problems)
        FileHandle.standardError.write(Data("\(files.count) files checked, \(Set(problems.map(\.location.path)).count) with errors\n".utf8))
        if !problems.isEmpty { throw ExitCode(ExitStatus.sourceErrors) }
    }
}
