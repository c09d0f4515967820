import Foundation
import FNHardenCore

/// Writes a set of output files all or nothing: every file goes to a
/// temporary name in the target folder; only when all are written are they
/// renamed into place. (In a folder this run made there is nothing to
/// replace: files there are written under their own names.) A failure
/// removes what the run wrote, and the folders it made, so an interrupted
/// or failed run leaves the old files or the new ones, never half of either.
///
/// The files are not flushed to disk (no fsync), as a compiler's outputs
/// aren't: they can be made again from the answers, and a flush per file was
/// a tenth of a thousand-file batch (BENCHMARKS.md).
struct OutputFiles {
    let folder: URL
    /// Relative path -> content, in the order they are written.
    let files: [(path: String, content: FileText)]

    enum Problem: Error {
        case exists([String])
        case notFolder(String)
        case write(path: String, reason: String)
    }

    // Paths are joined as text: URL's appendingPathComponent asks the file
    // system whether each one is a folder, seven times per file of a batch.

    /// The full path of a file given relative to the folder.
    private func path(_ relative: String) -> String {
        let base = folder.path
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    /// Refuses to replace existing files unless `force`, and a folder
    /// standing where a file should go in any case.
    func check(force: Bool) throws(Problem) {
        var isFolder: ObjCBool = false
        let folderExists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
        if folderExists, !isFolder.boolValue { throw .notFolder(folder.path) }
        // A new output folder holds nothing yet.
        guard folderExists else { return }
        var existing: [String] = []
        // A folder that isn't there holds no file: one look per folder, not
        // per file (an audit's apps each have a folder of their own).
        var missingFolders = Set<String>()
        for file in files {
            let path = path(file.path)
            let parent = path.parentPath
            if missingFolders.contains(parent) { continue }
            if !Self.exists(parent) {
                missingFolders.insert(parent)
                continue
            }
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue { throw .write(path: path, reason: String(cString: strerror(EISDIR))) }
            existing.append(path)
        }
        if !force && !existing.isEmpty { throw .exists(existing) }
    }

    /// All or nothing: new files go to temporary names; the old files are
    /// moved aside; the new ones are renamed into place; only then are the
    /// old ones removed. Any failure puts the old files back.
    ///
    /// A file that already holds exactly the new bytes is left as it is,
    /// modification time and all: a rerun with `--force` over unchanged
    /// answers touches nothing, so `make`, rsync and backups see no change,
    /// and a fleet's rerun changes only the apps that changed.
    /// Returns the relative paths of the files left as they were (their
    /// bytes unchanged).
    @discardableResult
    func write() throws(Problem) -> Set<String> {
        // A signal in the middle would leave temporary files and half the
        // old set: hold SIGINT, SIGTERM, SIGHUP and SIGQUIT until the set is
        // whole (milliseconds); a pending one takes effect right after.
        let held = SignalHold()
        defer { held.release() }
        var temporaries: [(temporary: String, final: String)] = []
        var movedAside: [(backup: String, final: String)] = []
        var placed: [String] = []
        var created: [String] = []
        var unchanged: Set<String> = []
        func rollBack() {
            for path in placed { unlink(path) }
            for entry in movedAside { rename(entry.backup, entry.final) }
            for entry in temporaries { unlink(entry.temporary) }
            // Folders this run made go too (innermost first); rmdir leaves any that aren't empty.
            for path in created.reversed() { rmdir(path) }
        }
        do {
            var folders = Set<String>()
            var parents: [String] = []
            let finals = files.map { path($0.path) }
            for final in finals {
                let parent = final.parentPath
                if folders.insert(parent).inserted { parents.append(parent) }
            }
            // The output folder first; then the folders in it, on every
            // core when there are many (an audit makes one per app).
            try createFolder(folder.path, recordingIn: &created)
            let make: @Sendable (String) -> (made: [String], problem: Problem?) = { [self] parent in
                var made: [String] = []
                do throws(Problem) {
                    try createFolder(parent, recordingIn: &made)
                    return (made, nil)
                } catch {
                    return (made, error)
                }
            }
            // (A single app's one or two folders aren't worth a second core.)
            let made = parents.count >= 8 ? parallelMapInRuns(parents, make) : parents.map(make)
            // Recorded before any failure is raised, so the roll-back removes them.
            for result in made { created += result.made }
            if let problem = made.lazy.compactMap(\.problem).first { throw problem }
            // Nothing stands in a folder this run made: no need to look
            // there, and nothing to replace. Files there are written under
            // their own names, not renamed into place at the end (a failure
            // removes them as it removes temporary files, then the folder).
            let madeNow = Set(created)
            temporaries = finals.map { final in
                (madeNow.contains(final.parentPath) ? final : sibling(of: final, suffix: "tmp"), final)
            }
            // The temporary files are written on every core, each core taking
            // a run of neighbouring files: creating a file is slow on some
            // file systems, a batch writes thousands, and a folder takes one
            // creation at a time. (Dispatch's threads block the signals held
            // here, as this one does.)
            let contents = files.map(\.content)
            let written = parallelMapInRuns(Array(zip(temporaries, contents))) { entry, content in
                Result { () throws(Problem) -> Bool in
                    let script = entry.final.hasSuffix(".sh")
                    if !madeNow.contains(entry.final.parentPath), Self.holds(content, at: entry.final, executable: script) {
                        return false
                    }
                    try Self.writeNew(content, to: entry.temporary, shownAs: entry.final, executable: script)
                    return true
                }
            }
            // From here a failure removes only the files this run wrote: a
            // file under its own name that could not be made is another's.
            let changed = written.map { (try? $0.get()) ?? false }
            temporaries = zip(temporaries, changed).filter(\.1).map(\.0)
            for result in written { _ = try result.get() }
            unchanged = Set(zip(files, changed).filter { !$0.1 }.map(\.0.path))
            for entry in temporaries where !madeNow.contains(entry.final.parentPath) && Self.exists(entry.final) {
                let backup = sibling(of: entry.final, suffix: "old")
                guard rename(entry.final, backup) == 0 else {
                    throw Problem.write(path: entry.final, reason: String(cString: strerror(errno)))
                }
                movedAside.append((backup, entry.final))
            }
            // Renamed on every core too, each a run of neighbours (a rename
            // looks up both paths: 2,000 of them were the last twentieth of
            // a thousand-app audit, on one core). A failure anywhere puts
            // everything back, as before.
            let renaming = temporaries.filter { $0.temporary != $0.final }
            let renamed = parallelMapInRuns(renaming) { entry -> Int32 in
                rename(entry.temporary, entry.final) == 0 ? 0 : errno
            }
            placed = zip(renaming, renamed).filter { $0.1 == 0 }.map(\.0.final)
            if let failed = zip(renaming, renamed).first(where: { $0.1 != 0 }) {
                throw Problem.write(path: failed.0.final, reason: String(cString: strerror(failed.1)))
            }
        } catch let problem as Problem {
            rollBack()
            throw problem
        } catch {
            rollBack()
            throw .write(path: folder.path, reason: "\(error)")
        }
        for entry in movedAside { unlink(entry.backup) }
        return unchanged
    }

    /// Blocks the terminating signals for the life of the hold.
    private struct SignalHold {
        private var previous = sigset_t()

        init() {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&blocked, signal) }
            pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        }

        /// Back to the mask from before, but with these four unblocked even if
        /// a parent had blocked them, as the wizard does: a person's Ctrl-C works.
        func release() {
            var restore = previous
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigdelset(&restore, signal) }
            pthread_sigmask(SIG_SETMASK, &restore, nil)
        }
    }

    /// `.NAME.PID.SUFFIX` beside the target: same folder, so rename is atomic.
    private func sibling(of path: String, suffix: String) -> String {
        path.parentPath + "/." + path.lastPathName + "." + Self.processID + "." + suffix
    }

    private static let processID = String(getpid())

    /// mkdir -p, with the system's own words when it fails.
    private func createFolder(_ path: String, recordingIn created: inout [String]) throws(Problem) {
        // stat, not FileManager: an audit makes a folder per app (thousands).
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw .write(path: path, reason: String(cString: strerror(ENOTDIR)))
        }
        let parent = path.parentPath
        if !parent.isEmpty, parent != path { try createFolder(parent, recordingIn: &created) }
        if mkdir(path, 0o755) == 0 {
            created.append(path)
        } else if errno != EEXIST {
            throw .write(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// A file (or a link to one) stands at `path`: it is moved aside first.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// True when `path` is a file of its own (not a link) that holds exactly
    /// `content`, and is executable if it should be: nothing to write.
    private static func holds(_ content: FileText, at path: String, executable: Bool) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        if executable && info.st_mode & S_IXUSR == 0 { return false }
        let size = content.byteCount
        guard info.st_size == size else { return false }
        // Not through a link, and never waiting on a FIFO swapped in since the lstat.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // One byte more than expected, to see that the file ends there.
        var found = [UInt8](repeating: 0, count: size + 1)
        let count = found.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return -1 }
            var count = 0
            while count < buffer.count {
                let read = Foundation.read(descriptor, base + count, buffer.count - count)
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else { break }
                count += read
            }
            return count
        }
        guard count == size else { return false }
        // Piece by piece against what was read.
        var offset = 0
        for piece in content.pieces {
            var piece = piece
            let same = piece.withUTF8 { expected in
                found.withUnsafeBytes { found in
                    guard let one = found.baseAddress, let other = expected.baseAddress else { return expected.isEmpty }
                    return memcmp(one + offset, other, expected.count) == 0
                }
            }
            guard same else { return false }
            offset += piece.utf8.count
        }
        return true
    }

    /// open(O_EXCL) + write: a new file of our own, never one planted there.
    private static func writeNew(_ content: FileText, to path: String, shownAs shown: String, executable: Bool) throws(Problem) {
        // Scripts are written executable (the umask still applies).
        let mode: mode_t = executable ? 0o755 : 0o644
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .write(path: shown, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        for piece in content.pieces {
            var piece = piece
            let failure = piece.withUTF8 { buffer -> Int32 in
                guard let base = buffer.baseAddress else { return 0 }
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return 0
            }
            if failure != 0 {
                // Half a file of our own: gone before the failure is told.
                unlink(path)
                throw .write(path: shown, reason: String(cString: strerror(failure)))
            }
        }
    }
}
