/// "Did you mean ...?" for misspelt keys and values.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close
    /// enough to be a likely typo (at most a third of the word, at least 2).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // A word far longer than any candidate is no typo, and edit distance
        // on it would cost time on hostile input.
        guard word.count <= (candidates.map(\.count).max() ?? 0) * 2 + 8 else { return nil }
        let lowered = word.lowercased()
        // Short words get one edit at most: `a0` is no typo of `app`.
        let limit = lowered.count <= 4 ? 1 : max(2, lowered.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        if best == nil {
            // A prefix is a strong hint too: `flex` -> `flex-consumption`.
            let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) && lowered.count >= 3 }
            if prefixed.count == 1 { return prefixed[0] }
        }
        return best?.candidate
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
