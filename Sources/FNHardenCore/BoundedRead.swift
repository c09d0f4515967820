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
        bytes(path, limit: limit).map { Data($0) }
    }

    /// The same, as bytes: a thousand-app template (2.5 MB) was read into
    /// Data and then copied out again, on one core before anything else.
    public static func bytes(_ path: String, limit: Int) -> Result<[UInt8], Problem> {
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
        // A file's bytes are read straight into an array of its size (one
        // more, to see whether it grew past the limit meanwhile); a pipe's
        // in chunks.
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 {
            let size = min(Int(info.st_size), limit) + 1
            var failure: Problem?
            var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                while count < size {
                    let read = Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, size - count)
                    if read < 0 {
                        if errno == EINTR { continue }
                        failure = .unreadable(String(cString: strerror(errno)))
                        return
                    }
                    if read == 0 { return }
                    count += read
                }
            }
            if let failure { return .failure(failure) }
            // Grown since fstat but still under the limit: the rest comes in chunks.
            if bytes.count == size && size <= limit {
                switch chunks(descriptor, limit: limit - bytes.count) {
                case .success(let rest): bytes += rest
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(bytes)
        }
        return chunks(descriptor, limit: limit)
    }

    /// Up to `limit + 1` bytes from a descriptor, in chunks.
    private static func chunks(_ descriptor: Int32, limit: Int) -> Result<[UInt8], Problem> {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 262_144)
        while bytes.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, min($0.count, limit + 1 - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return .success(bytes)
    }
}
