import Foundation

/// Writes a set of output files all or nothing: every file goes to a
/// temporary name in the target folder and is flushed to disk first; only
/// when all are written are they renamed into place. A failure removes the
/// temporary files, so an interrupted or failed run leaves the old files or
/// the new ones, never half of either.
struct OutputFiles {
    let folder: URL
    /// Relative path -> content, in the order they are written.
    let files: [(path: String, content: String)]

    enum Problem: Error {
        case exists([String])
        case notFolder(String)
        case write(path: String, reason: String)
    }

    /// Refuses to replace existing files unless `force`.
    func check(force: Bool) throws(Problem) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw .notFolder(folder.path)
        }
        guard !force else { return }
        let existing = files.map { folder.appendingPathComponent($0.path).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty { throw .exists(existing) }
    }

    func write() throws(Problem) {
        var pending: [(temporary: String, final: String)] = []
        do {
            for file in files {
                let final = folder.appendingPathComponent(file.path)
                try createFolder(final.deletingLastPathComponent())
                let temporary = final.deletingLastPathComponent()
                    .appendingPathComponent(".\(final.lastPathComponent).\(getpid()).tmp").path
                pending.append((temporary, final.path))
                try writeDurably(Data(file.content.utf8), to: temporary, shownAs: final.path)
            }
            for entry in pending where rename(entry.temporary, entry.final) != 0 {
                throw Problem.write(path: entry.final, reason: String(cString: strerror(errno)))
            }
        } catch let problem as Problem {
            for entry in pending { unlink(entry.temporary) }
            throw problem
        } catch {
            for entry in pending { unlink(entry.temporary) }
            throw .write(path: folder.path, reason: "\(error)")
        }
    }

    private func createFolder(_ url: URL) throws(Problem) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .write(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// open(O_EXCL) + write + fsync: the bytes are on disk before the rename.
    private func writeDurably(_ data: Data, to path: String, shownAs shown: String) throws(Problem) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw .write(path: shown, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if failure != 0 { throw .write(path: shown, reason: String(cString: strerror(failure))) }
    }
}
