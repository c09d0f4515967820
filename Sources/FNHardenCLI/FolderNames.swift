/// Folder names for several apps: the app's name, numbered when two apps
/// share one.
struct FolderNames {
    private var used: [String: Int] = [:]

    mutating func unique(_ name: String) -> String {
        let count = (used[name] ?? 0) + 1
        used[name] = count
        return count == 1 ? name : "\(name)-\(count)"
    }
}
