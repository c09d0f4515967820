// swift-tools-version:6.0
// libFuzzer targets for the answers reader and validator and for the
// audit's configuration readers. It is its own package so the
// instrumented build (Tests/Fuzz/run.sh) stays apart from
// the product's; the harness has its own main and runs libFuzzer's driver
// from the toolchain's libclang_rt.fuzzer_no_main, linked by run.sh.
import PackageDescription

let package = Package(
    name: "fnharden-fuzz",
    dependencies: [
        .package(name: "fnharden", path: "../..")
    ],
    targets: [
        // The knowledge base both targets read, and libFuzzer's driver.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "FNHardenCore", package: "fnharden")]),
        .executableTarget(
            name: "FuzzAnswers",
            dependencies: ["FuzzSupport", .product(name: "FNHardenCore", package: "fnharden")]),
        .executableTarget(
            name: "FuzzAudit",
            dependencies: [
                "FuzzSupport", .product(name: "FNHardenCore", package: "fnharden"),
                .product(name: "FNHardenAudit", package: "fnharden"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
