import Foundation
import PackagePlugin

/// Embeds `checklists/` and `locales/` into the FNHardenData target at build
/// time, so that `swift run` and a copied, installed binary read the same data
/// with no files to ship beside it.
///
/// SwiftPM re-runs the command when an embedded file changes. A file that is
/// added or removed is noticed only once Package.swift is touched or `.build`
/// is cleaned (a SwiftPM limitation); `EmbeddedDataTests` catches the drift.
@main
struct EmbedData: BuildToolPlugin {
    /// Folders embedded, relative to the package root, and the extension kept.
    static let folders = ["checklists", "locales"]
    static let fileExtension = "yml"

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        var relativePaths: [String] = []
        for folder in Self.folders {
            let base = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == Self.fileExtension {
                let relative = folder + "/" + url.path.dropFirst(base.path.count + 1)
                inputs.append(url)
                relativePaths.append(String(relative))
            }
        }
        relativePaths.sort()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(relativePaths.count) knowledge-base and locale files",
                executable: try context.tool(named: "fnharden-embed").url,
                arguments: [output.path, root.path] + relativePaths,
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}
