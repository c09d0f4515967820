import Foundation

/// Where the knowledge base (`checklists/`) and the catalogues (`locales/`)
/// are read from: the copy embedded at build time, or a folder on disk.
public protocol DataSource: Sendable {
    /// A human description for messages ("embedded data", a folder path).
    var origin: String { get }
    /// The relative paths of the `.yml` files under `folder`, sorted.
    func files(under folder: String) -> [String]
    /// The text of one file, by path relative to the data root.
    func text(of path: String) throws -> String
    /// True for the copy built into the binary: the tests have checked it
    /// (patterns compile, ...), so loading needn't check it again.
    var isBuiltIn: Bool { get }
}

extension DataSource {
    public var isBuiltIn: Bool { false }
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

/// The files embedded into the binary by the EmbedData build plugin.
public struct EmbeddedDataSource: DataSource {
    public init() {}

    public var origin: String { "the data embedded in fnharden" }

    public var isBuiltIn: Bool { true }

    /// Every embedded path, sorted; tests compare it with the folders.
    public static var allPaths: [String] { embeddedFiles.keys.sorted() }

    public func files(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return Self.allPaths.filter { $0.hasPrefix(prefix) }
    }

    public func text(of path: String) throws -> String {
        guard let encoded = embeddedFiles[path] else {
            throw DataSourceError.missing(path: path, origin: origin)
        }
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else {
            throw DataSourceError.notUTF8(path: path)
        }
        return text
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

/// Chooses the data source: an explicit folder, then `FNHARDEN_DATA_DIR`,
/// then the embedded copy.
public func dataSource(dataDirectory: String?, environment: [String: String]) -> any DataSource {
    if let folder = dataDirectory ?? environment["FNHARDEN_DATA_DIR"], !folder.isEmpty {
        return DirectoryDataSource(root: URL(fileURLWithPath: folder))
    }
    return EmbeddedDataSource()
}
