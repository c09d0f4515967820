// swift-tools-version:6.0
// fnharden: an Azure Functions hardening interview, checklist and snippet generator.
// It builds on Linux (Debian) with GNU readline (libreadline-dev); no other
// platform is supported or tested.
//
// Dependencies point one way (Sources/README.md says what each module holds):
//   fnharden (executable) -> FNHardenCLI -> FNHardenRender -> FNHardenAudit -> FNHardenCore -> FNHardenData
//                                        -> FNHardenL10n -----------------------------------> FNHardenData
//                                        -> LineEditing -> CReadline (GNU readline)
//   FNHardenRender -> FNHardenL10n; FNHardenCLI -> FNHardenCompiled: checklists/ and locales/, read
//   and checked at build time by fnharden-compile (run by the CompileData plugin) and stored as
//   JSON (FNHardenData's CompiledForm), which start-up decodes.
// Yams reads YAML (answers files, the knowledge base, the catalogues); swift-crypto gives the
// answers file's SHA-256 for the review header.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "fnharden",
    products: [
        .executable(name: "fnharden", targets: ["fnharden"]),
        // For the fuzzing package in Tests/Fuzz (the answers reader and validator, the audit's readers).
        .library(name: "FNHardenCore", targets: ["FNHardenCore"]),
        .library(name: "FNHardenAudit", targets: ["FNHardenAudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Tests only: property-based tests over random valid answers.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .executableTarget(
            name: "fnharden",
            dependencies: ["FNHardenCLI"],
            swiftSettings: strict),
        .target(
            name: "FNHardenCLI",
            dependencies: [
                "FNHardenCore", "FNHardenAudit", "FNHardenL10n", "FNHardenRender", "FNHardenData", "FNHardenCompiled",
                "LineEditing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "FNHardenAudit",
            dependencies: ["FNHardenCore", "FNHardenData", "Yams"],
            swiftSettings: strict),
        .target(
            name: "FNHardenRender",
            dependencies: ["FNHardenAudit", "FNHardenCore", "FNHardenL10n"],
            swiftSettings: strict),
        .target(
            name: "FNHardenCore",
            dependencies: ["FNHardenData", "Yams"],
            swiftSettings: strict),
        .target(
            name: "FNHardenL10n",
            dependencies: ["FNHardenData", "Yams"],
            swiftSettings: strict),
        .target(
            name: "FNHardenData",
            swiftSettings: strict),
        .target(
            name: "LineEditing",
            dependencies: ["CReadline"],
            swiftSettings: strict),
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]),
        .target(
            name: "FNHardenCompiled",
            swiftSettings: strict,
            plugins: ["CompileData"]),
        .executableTarget(
            name: "fnharden-compile",
            dependencies: ["FNHardenAudit", "FNHardenCore", "FNHardenL10n", "FNHardenData"],
            swiftSettings: strict),
        .plugin(
            name: "CompileData",
            capability: .buildTool(),
            dependencies: ["fnharden-compile"],
            path: "Sources/CompileDataPlugin"),
        .testTarget(
            name: "FNHardenTests",
            dependencies: [
                // The executable is run as a user runs it; the modules are tested directly.
                "fnharden", "FNHardenCore", "FNHardenAudit", "FNHardenL10n", "FNHardenRender",
                "FNHardenData", "FNHardenCompiled", "LineEditing",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/FNHardenTests",
            exclude: ["Audit", "Fixtures", "Snapshots", "PTY", "Snippets"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
