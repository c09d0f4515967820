import FNHardenCore
import Foundation

/// Writes a set of output files all or nothing: every file goes to a
/// temporary name in the target folder; only when all are written are they
/// renamed into place. (In a folder this run made there is nothing to
/// replace: files there are written under their own names.) A failure
/// removes what the run wrote, and the folders it made, so an interrupted
/// or failed run leaves the old files or the new ones, never half of either.
///
/// The files are not flushed to disk (no fsync), as a compiler's outputs
/// aren't: they can be made again from the answers.
struct OutputFiles {
    let folder: URL
    /// Relative path -> content, in the order they are written.
    let files: [(path: String, content: String)]

    enum Problem: Error, Sendable {
        case exists([String])
        case notFolder(String)
        case write(path: String, reason: String)
    }

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
        for file in files {
            let path = path(file.path)
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
            for entry in temporaries where !placed.contains(entry.final) { unlink(entry.temporary) }
            // Folders this run made go too (innermost first); rmdir leaves any that aren't empty.
            for path in created.reversed() { rmdir(path) }
        }
        do {
            let finals = files.map { path($0.path) }
            var parents: [String] = []
            for final in finals where !parents.contains(final.parentPath) { parents.append(final.parentPath) }
            try createFolder(folder.path, recordingIn: &created)
            for parent in parents { try createFolder(parent, recordingIn: &created) }
            // Nothing stands in a folder this run made: nothing to replace
            // there, so files are written under their own names (a failure
            // removes them as it removes temporary files, then the folder).
            let madeNow = Set(created)
            // Each file is written on its own, on every core: a batch of
            // 1,000 apps writes 7,000 files, and one core writing them after
            // the rendering falls short of its 3 s budget (Tests/README.md).
            let outcomes = Array(zip(files, finals)).concurrentMap { file, final -> Result<String?, Problem> in
                let script = final.hasSuffix(".sh")
                let fresh = madeNow.contains(final.parentPath)
                if !fresh, Self.holds(file.content, at: final, executable: script) { return .success(nil) }
                let temporary = fresh ? final : Self.sibling(of: final, suffix: "tmp")
                return Result { () throws(Problem) in
                    try Self.writeNew(file.content, to: temporary, shownAs: final, executable: script)
                    return temporary
                }
            }
            var failure: Problem?
            for ((file, final), outcome) in zip(zip(files, finals), outcomes) {
                switch outcome {
                case .success(let temporary?): temporaries.append((temporary, final))
                case .success(nil): unchanged.insert(file.path)
                case .failure(let problem): failure = failure ?? problem
                }
            }
            if let failure { throw failure }
            for entry in temporaries where entry.temporary != entry.final && Self.exists(entry.final) {
                let backup = Self.sibling(of: entry.final, suffix: "old")
                guard rename(entry.final, backup) == 0 else {
                    throw Problem.write(path: entry.final, reason: String(cString: strerror(errno)))
                }
                movedAside.append((backup, entry.final))
            }
            for entry in temporaries where entry.temporary != entry.final {
                guard rename(entry.temporary, entry.final) == 0 else {
                    throw Problem.write(path: entry.final, reason: String(cString: strerror(errno)))
                }
                placed.append(entry.final)
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
    private static func sibling(of path: String, suffix: String) -> String {
        path.parentPath + "/." + path.lastPathName + "." + Self.processID + "." + suffix
    }

    private static let processID = String(getpid())

    /// mkdir -p, with the system's own words when it fails.
    private func createFolder(_ path: String, recordingIn created: inout [String]) throws(Problem) {
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
    private static func holds(_ content: String, at path: String, executable: Bool) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        if executable && info.st_mode & S_IXUSR == 0 { return false }
        let expected = Data(content.utf8)
        guard info.st_size == expected.count else { return false }
        // Not through a link, and never waiting on a FIFO swapped in since the lstat.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        return (try? handle.read(upToCount: expected.count + 1)) == expected
    }

    /// open(O_EXCL) + write: a new file of our own, never one planted there.
    private static func writeNew(
        _ content: String, to path: String, shownAs shown: String, executable: Bool
    ) throws(Problem) {
        // Scripts are written executable (the umask still applies).
        let mode: mode_t = executable ? 0o755 : 0o644
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .write(path: shown, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(content.utf8))
        } catch {
            // Half a file of our own: gone before the failure is told.
            unlink(path)
            // The system's own words (No space left on device), as for every other failure here.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let code = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            throw .write(path: shown, reason: code.map { String(cString: strerror($0)) } ?? error.localizedDescription)
        }
    }
}
