import Foundation

/// Reads a file or standard input to its end with read(2), so pipes work as
/// files do, and stops one byte past `limit`, so a huge input is never held.
/// Used for answers files and for the audit's configuration sources.
public enum BoundedRead {
    public enum Problem: Error, Equatable {
        case missing
        case folder
        /// strerror's text.
        case unreadable(String)
    }

    /// `-` is standard input. At most `limit + 1` bytes come back: a caller
    /// that gets more than `limit` knows the input is too large.
    public static func read(_ path: String, limit: Int) -> Result<Data, Problem> {
        var descriptor = STDIN_FILENO
        if path != "-" {
            var isFolder: ObjCBool = false
            guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                return .failure(.missing)
            }
            if isFolder.boolValue { return .failure(.folder) }
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while data.count <= limit {
            let count = buffer.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress, min($0.count, limit + 1 - data.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        return .success(data)
    }
}
