import Foundation

/// What a command leaves for the process's exit to free, rather than
/// freeing it itself: a command's process ends right after its run, and
/// the system takes back its memory at once. Freeing a thousand-app
/// template's tree and the apps' checklists and files object by object
/// took about 50 million instructions, on one core, after the files were
/// written (BENCHMARKS.md). Compilers do the same with their syntax trees.
public enum LeftForExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Holds `value` until the process ends.
    public static func keep(_ value: Any) {
        lock.lock()
        kept.append(value)
        lock.unlock()
    }
}
