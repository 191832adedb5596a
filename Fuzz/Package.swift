// swift-tools-version: 6.0
// The libFuzzer targets, kept out of the main package: they are built with -sanitize=fuzzer and
// have no main (libFuzzer provides it). `make fuzz` builds and runs them.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder: "main" in the main checkout, something else in
// a second worktree. Take the name from where this manifest is, so the fuzzers build in any checkout.
let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "PlenaryFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "PlenaryFuzz",
            dependencies: [.product(name: "Plenary", package: root)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
