import Foundation

/// Where the YAML of the knowledge base (`checklists/`) and the catalogues
/// (`locales/`) is read from: a folder on disk (`--data-dir`, the build's
/// `fnharden-compile`, the tests). A normal run reads neither: it decodes the
/// copy compiled at build time (FNHardenCompiled).
public protocol DataSource: Sendable {
    /// A description for messages: the folder's path.
    var origin: String { get }
    /// The relative paths of the `.yml` files under `folder`, sorted.
    func files(under folder: String) -> [String]
    /// The text of one file, by path relative to the data root.
    func text(of path: String) throws -> String
}

public enum DataSourceError: Error, Equatable, CustomStringConvertible {
    case missing(path: String, origin: String)
    case notUTF8(path: String)

    public var description: String {
        switch self {
        case .missing(let path, let origin): return "\(path) is missing from \(origin)"
        case .notUTF8(let path): return "\(path) is not UTF-8 text"
        }
    }
}

/// A folder holding `checklists/` and `locales/`, for knowledge-base authors
/// (`--data-dir`, `FNHARDEN_DATA_DIR`) and for tests.
public struct DirectoryDataSource: DataSource {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var origin: String { root.path }

    public func files(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        var paths: [String] = []
        for case let url as URL in walker where url.pathExtension == "yml" {
            let relative = url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)
            paths.append(folder + "/" + relative)
        }
        return paths.sorted()
    }

    public func text(of path: String) throws -> String {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataSourceError.missing(path: path, origin: origin)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataSourceError.notUTF8(path: path)
        }
        return text
    }
}
