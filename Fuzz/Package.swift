// swift-tools-version: 6.0
// The libFuzzer targets, kept out of the main package: they are built with -sanitize=fuzzer and
// have no main (libFuzzer provides it). `make fuzz` builds and runs them.
import PackageDescription

let package = Package(
    name: "PlenaryFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "PlenaryFuzz",
            dependencies: [.product(name: "Plenary", package: "main")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
