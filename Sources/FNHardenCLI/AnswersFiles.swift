import ArgumentParser
import FNHardenCore
import Foundation

/// The answers files a run names: files as given, folders as the answers
/// files in them (sorted, not recursive).
enum AnswersFiles {
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    static func expand(_ paths: [String], _ session: Session) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
            else {
                files.append(path)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let found = names.filter {
                extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".")
            }
            .sorted().map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty {
                session.report([Diagnostic(file: path, position: nil, message: Message("cli.no-answers-files"))])
                throw ExitCode(2)
            }
            files += found
        }
        return files
    }
}
