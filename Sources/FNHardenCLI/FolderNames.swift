/// Folder names for several apps: the app's name, numbered when it is taken
/// (by an earlier app of the same name, or by one already numbered so).
struct FolderNames {
    private var taken: Set<String> = []

    mutating func unique(_ name: String) -> String {
        var candidate = name
        var number = 1
        while taken.contains(candidate) {
            number += 1
            candidate = "\(name)-\(number)"
        }
        taken.insert(candidate)
        return candidate
    }
}
