import Foundation
import PackagePlugin

/// Compiles `checklists/` and `locales/` into the FNHardenCompiled target at
/// build time: the binary reads the knowledge base and the catalogues in a
/// form decoded and checked once, here, instead of parsing YAML on every
/// run, which `generate` of one app (5x a hello-world's start-up,
/// Tests/README.md) has no time for. A mistake in the data fails the build.
///
/// SwiftPM re-runs the command when one of the files changes. A file that is
/// added or removed is noticed only once Package.swift is touched or `.build`
/// is cleaned (a SwiftPM limitation); `SnapshotTests` catches the drift.
@main
struct CompileData: BuildToolPlugin {
    /// Folders read, relative to the package root, and the extension kept.
    static let folders = ["checklists", "locales"]
    static let fileExtension = "yml"

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in Self.folders {
            guard
                let walker = FileManager.default.enumerator(
                    at: root.appending(path: folder), includingPropertiesForKeys: nil)
            else { continue }
            for case let url as URL in walker where url.pathExtension == Self.fileExtension {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "CompiledData.swift")
        return [
            .buildCommand(
                displayName: "Compiling \(inputs.count) knowledge-base and locale files",
                executable: try context.tool(named: "fnharden-compile").url,
                arguments: [output.path, root.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
