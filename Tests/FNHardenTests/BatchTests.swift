import Foundation
import Testing

/// `generate` over many answers files: one folder per app, an
/// index, a bad file skipped and reported, exit 2 at the end.
@Suite struct BatchTests {
    func copyAnswers(into folder: URL) throws -> [String] {
        let answers = Harness.fixtures.appendingPathComponent("answers")
        let names = try FileManager.default.contentsOfDirectory(atPath: answers.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                at: answers.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return names
    }

    /// Two apps called `api` and a third called `api-2`: three folders, none
    /// written over another.
    @Test func numberedFolderNamesNeverCollide() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        for (file, name) in [("a.yaml", "api"), ("b.yaml", "api"), ("c.yaml", "api-2")] {
            try Data("fnharden: 1\napp: {name: \(name)}\n".utf8).write(to: folder.appendingPathComponent("in/" + file))
        }
        let run = try Harness.run(["generate", "--answers", "in", "--output", "out", "--snippets", "none"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(Set(folders) == ["api", "api-2", "api-2-2", "index.json", "index.md"])
    }

    @Test func aFolderGivesAFolderPerAppAnIndexAndSkipsTheBadFile() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = try copyAnswers(into: folder.appendingPathComponent("in"))
        try Data("fnharden: 1\napp: {name: broken\n".utf8).write(to: folder.appendingPathComponent("in/zz-broken.yaml"))
        // Apps of one shape with other names, locations and resource groups,
        // one of them quoted in the shell script: each app's files are its own.
        let hardened = Harness.read(folder.appendingPathComponent("in/premium-hardened.yaml"))
        for (index, identity) in [
            ("payments-eu", "westeurope", "rg-eu"), ("payments-us2", "eastus2", "rg.us_2"),
            ("payments-test", "uksouth", "rg(test)"),
        ].enumerated() {
            let copy = hardened.replacingOccurrences(of: "name: contoso-payments", with: "name: \"\(identity.0)\"")
                .replacingOccurrences(of: "resource-group: rg-payments", with: "resource-group: \"\(identity.2)\"")
                .replacingOccurrences(of: "location: northeurope", with: "location: \(identity.1)")
            try Data(copy.utf8).write(to: folder.appendingPathComponent("in/same-shape-\(index).yaml"))
        }
        let run = try Harness.run(
            ["generate", "--answers", "in", "--output", "out", "--as-of", "2026-11-29"], in: folder)
        #expect(run.status == 2, "a skipped file ends the run with 2: \(run.stderr)")
        #expect(run.stderr.contains("in/zz-broken.yaml:3:1: error: not valid YAML"))
        #expect(run.stderr.contains("1 answers file had errors and was skipped; the others were written"))
        let index = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("out/index.json"))) as? [String: Any])
        let apps = try #require(index["apps"] as? [[String: Any]])
        #expect(apps.count == names.count + 3)
        #expect((index["failed"] as? [[String: Any]])?.first?["source"] as? String == "in/zz-broken.yaml")
        // Two fixtures are both called contoso-orders: the second folder is numbered.
        let folders = apps.compactMap { $0["folder"] as? String }
        #expect(Set(folders).count == folders.count)
        #expect(folders.contains("contoso-orders") && folders.contains("contoso-orders-2"))
        let markdown = Harness.read(folder.appendingPathComponent("out/index.md"))
        #expect(markdown.contains("| [contoso-orders](contoso-orders-2/checklist.md) |"))
        #expect(markdown.contains("- `in/zz-broken.yaml`: 1 error"))

        // Each app's files are the ones a run on that file alone writes.
        for app in apps {
            let source = try #require(app["source"] as? String)
            let single = try Harness.run(
                [
                    "generate", "--answers", source, "--output", "single-\(app["folder"] ?? "")",
                    "--as-of", "2026-11-29",
                ], in: folder)
            #expect(single.status == 0, "\(source): \(single.stderr)")
            for file in [
                "checklist.md", "checklist.json", "answers.yaml", "snippets/main.bicep", "snippets/azuredeploy.json",
                "snippets/main.tf", "snippets/harden.sh",
            ] {
                let batch = Harness.read(folder.appendingPathComponent("out/\(app["folder"] ?? "")/\(file)"))
                let alone = Harness.read(folder.appendingPathComponent("single-\(app["folder"] ?? "")/\(file)"))
                #expect(batch == alone, "\(source) \(file)")
            }
        }
    }

    @Test func severalFilesAndTheGateAndWhatCantBeBatched() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try copyAnswers(into: folder)
        let gate = try Harness.run(
            [
                "generate", "--answers", "worst-case.yaml", "premium-hardened.yaml", "--output", "out",
                "--fail-on", "critical", "--snippets", "none",
            ], in: folder)
        #expect(gate.status == 1, "\(gate.stderr)")
        #expect(gate.stderr.contains("contoso-legacy: "), "the gate names the app: \(gate.stderr)")
        #expect(!gate.stderr.contains("contoso-payments: "), "the hardened app passes the gate")
        #expect(
            FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("out/contoso-payments/checklist.md").path))

        let stdout = try Harness.run(
            ["generate", "--answers", "worst-case.yaml", "minimal.yaml", "--stdout"], in: folder)
        #expect(stdout.status == 2 && stdout.stderr.contains("--stdout prints one app"))
        let stdin = try Harness.run(["generate", "--answers", "-", "minimal.yaml"], in: folder)
        #expect(stdin.status == 2 && stdin.stderr.contains("standard input) stands alone"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try Harness.run(["generate", "--answers", "empty"], in: folder)
        #expect(
            empty.status == 2 && empty.stderr.contains("empty: error: this folder holds no answers files"),
            "\(empty.stderr)")
        // Existing files are kept without --force, for the whole set.
        let again = try Harness.run(
            [
                "generate", "--answers", "worst-case.yaml", "premium-hardened.yaml", "--output", "out",
                "--snippets", "none",
            ], in: folder)
        #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
    }

    @Test func anAuditOfSeveralAppsHasAnIndexToo() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(TestTemplates.apps(3).utf8).write(to: folder.appendingPathComponent("apps.json"))
        let run = try Harness.run(["audit", "apps.json", "--output", "out", "--snippets", "none"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let markdown = Harness.read(folder.appendingPathComponent("out/index.md"))
        #expect(markdown.hasPrefix("# Hardening checklists: 3 apps"))
        #expect(markdown.contains("| [func-bench-0002](func-bench-0002/checklist.md) | `premium/windows` |"))
    }
}
