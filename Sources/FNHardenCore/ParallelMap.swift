import Foundation

/// `transform` applied to every element on all cores; results in order.
public func parallelMap<Element: Sendable, Mapped: Sendable>(_ elements: [Element],
                                                     _ transform: @escaping @Sendable (Element) -> Mapped) -> [Mapped] {
    guard elements.count > 1 else { return elements.map(transform) }
    let results = ResultSlots<Mapped>(count: elements.count)
    DispatchQueue.concurrentPerform(iterations: elements.count) { index in
        results.set(index, transform(elements[index]))
    }
    return results.values
}

/// One slot per result, each written by exactly one iteration.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.compactMap { $0 } }
}

/// `transform` applied to every element, in runs of neighbouring
/// elements, each taken by the next free core; results in order. For work
/// where neighbours contend (files in one folder: creating a file locks
/// its folder), where `parallelMap` would hand neighbours to different
/// cores, and for many small pieces of work, where a result slot each
/// would cost more than the work. `runsPerCore` above 1 cuts the elements
/// finer, so that a core that finishes early takes another run rather
/// than waiting for the other (runs of resources differ in size).
public func parallelMapInRuns<Element: Sendable, Mapped: Sendable>(_ elements: [Element], runsPerCore: Int = 1,
                                                           _ transform: @escaping @Sendable (Element) -> Mapped) -> [Mapped] {
    let runs = min(ProcessInfo.processInfo.activeProcessorCount * max(runsPerCore, 1), elements.count)
    guard runs > 1 else { return elements.map(transform) }
    let results = ResultSlots<[Mapped]>(count: runs)
    DispatchQueue.concurrentPerform(iterations: runs) { run in
        let range = (elements.count * run / runs)..<(elements.count * (run + 1) / runs)
        results.set(run, elements[range].map(transform))
    }
    return results.values.flatMap { $0 }
}
