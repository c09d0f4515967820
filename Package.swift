// swift-tools-version:6.0
// fnharden: an Azure Functions hardening interview, checklist and snippet generator.
//
// Dependencies point one way:
//   fnharden (executable) -> FNHardenCLI -> FNHardenRender -> FNHardenCore -> FNHardenData
//                                        -> FNHardenAudit  -> FNHardenCore
//                                        -> FNHardenL10n  ----------------> FNHardenData
//                                        -> LineEditing -> CReadline (GNU readline)
//   FNHardenCLI -> FNHardenCompiled: checklists/ and locales/, read and checked at build time by
//   fnharden-compile (plugin CompileData, which depends on Core and L10n) and stored in the
//   compiled form of FNHardenData/Snapshot.swift, which start-up reads with no parsing.
// swift-crypto gives the answers file's SHA-256 for the review header.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "fnharden",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fnharden", targets: ["fnharden"]),
        // For the fuzzing package in Fuzz/ (the answers reader and validator, the audit's readers).
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
            dependencies: ["FNHardenCore"],
            swiftSettings: strict),
        .target(
            name: "FNHardenRender",
            dependencies: ["FNHardenAudit", "FNHardenCore", "FNHardenL10n", "Yams"],
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
                "fnharden", "FNHardenCLI", "FNHardenCore", "FNHardenAudit", "FNHardenL10n", "FNHardenRender",
                "FNHardenData", "FNHardenCompiled", "LineEditing", "Yams",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/FNHardenTests",
            exclude: ["Audit", "Fixtures", "Snapshots", "PTY", "Snippets"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
