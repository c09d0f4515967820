extension String {
    /// Equal ignoring case, the way ARM compares property and setting names.
    func equalsIgnoringCase(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
