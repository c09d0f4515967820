import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of each element, worked out on every core, in the
    /// array's order. Only for the apps of a batch or of a template and for
    /// the files written: one core falls short of the 3 s budget for 1,000
    /// answers files and the 2 s budget for a 1,000-app template
    /// (Tests/README.md).
    ///
    /// Dispatch's worker threads block the terminating signals, so a
    /// signal still reaches the calling (main) thread, which holds it while
    /// the files are written.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = Mutex([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = transform(self[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
