import Foundation
import Testing

/// `--lang` and `--data-dir` work before the subcommand as after it, the
/// way `git -C` does: `fnharden --lang el explain --list`.
@Suite struct GlobalOptionTests {
    static let example = Harness.packageRoot.appendingPathComponent("checklists/examples/contoso-orders.yaml").path
    static let invalid = Harness.fixtures.appendingPathComponent("invalid/absurd-number.yaml").path
    static let show = Harness.fixtures.appendingPathComponent("audit/az/show.json").path

    /// One cheap run of every command.
    static let commands: [[String]] = [
        ["wizard", "--help"],
        ["generate", "--answers", example, "--stdout", "--as-of", "2026-11-29"],
        ["validate", invalid],
        ["questions"],
        ["explain", "--list"],
        ["explain", "http-require-https"],
        ["plans", "--os", "linux"],
        ["schema"],
        ["diff", "--help"],
        ["audit", show, "--stdout", "--as-of", "2026-11-29"],
    ]

    @Test func everyCommandIsListed() {
        let listed = Set(Self.commands.map { $0[0] })
        let all = ["wizard", "generate", "validate", "questions", "explain", "plans", "schema", "diff", "audit"]
        #expect(listed == Set(all))
    }

    @Test(arguments: commands)
    func theLanguageMayComeFirst(command: [String]) throws {
        let data = Harness.packageRoot.path
        let after = try Harness.run(command + ["--lang", "el", "--data-dir", data])
        for before in [["--lang", "el", "--data-dir", data], ["--lang=el", "--data-dir=" + data]] {
            let run = try Harness.run(before + command)
            #expect(run.status == after.status, "\(before + command): \(run.stderr)")
            #expect(run.stdout == after.stdout, "\(before + command)")
            #expect(run.stderr == after.stderr, "\(before + command)")
        }
    }

    @Test func theLanguageFirstIsGreek() throws {
        let run = try Harness.run(["--lang", "el", "explain", "--list"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Απαιτήστε HTTPS"))
    }

    /// The root's help after a global option is the root's, not the interview's.
    @Test func theRootsHelpStaysTheRoots() throws {
        let english = try Harness.run(["--help"])
        let greek = try Harness.run(["--lang", "el", "--help"])
        #expect(greek.status == 0)
        #expect(greek.stdout.contains("ΕΝΤΟΛΕΣ:"), "\(greek.stdout)")
        #expect(english.stdout.contains("SUBCOMMANDS:"))
    }

    /// A mistyped subcommand after a global option is still a typo, not the
    /// interview's argument.
    @Test func aTypoAfterTheLanguageIsStillATypo() throws {
        let run = try Harness.run(["--lang", "el", "generat"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("`generate`"), "\(run.stderr)")
    }
}
