// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Plenary",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Plenary", targets: ["Plenary"]),
        .executable(name: "plenary", targets: ["PlenaryCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // A header only: system calls the Glibc module does not declare (syncfs).
        .systemLibrary(name: "CSystem"),
        .target(
            name: "Plenary",
            dependencies: ["CLibXML2", "CSystem", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings,
            // ICU's rule-based ordinals (SpelledOrdinal): the copy Foundation ships.
            linkerSettings: [.linkedLibrary("_FoundationICU")]
        ),
        .executableTarget(
            name: "PlenaryCLI",
            dependencies: ["Plenary", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlenaryTests",
            // The CLI is a dependency so that the end-to-end tests can run the built `plenary`.
            dependencies: ["Plenary", "PlenaryCLI"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
