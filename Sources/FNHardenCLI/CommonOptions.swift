import ArgumentParser

/// Options every command takes.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Language of the output (en, el, ...).", valueName: "L"))
    public var lang: String?

    @Option(name: .long, help: ArgumentHelp(
        "Read checklists/ and locales/ from DIR instead of the built-in copy (also FNHARDEN_DATA_DIR).",
        valueName: "DIR"))
    public var dataDir: String?

    public init() {}
}
