import Foundation
import Testing

/// What the file system can throw at `generate`: a full disk in
/// the middle of a file, and a signal in the middle of the writes. An
/// LD_PRELOAD shim (Fixtures/shims/disk_shim.c, built here with the system's
/// C compiler) makes write(2) fail or slow down for the output folder only.
@Suite(.serialized) struct FileSystemTests {
    static let answers = Harness.fixtures.appendingPathComponent("answers/premium-hardened.yaml").path

    /// The shim, compiled once per test into the test's folder.
    func shim(in folder: URL) throws -> String {
        let library = folder.appendingPathComponent("disk_shim.so").path
        let source = Harness.fixtures.appendingPathComponent("shims/disk_shim.c").path
        let compile = try Harness.run(
            ["-shared", "-fPIC", "-O1", "-o", library, source, "-ldl"],
            executable: URL(fileURLWithPath: "/usr/bin/cc"))
        try #require(compile.status == 0, "cc: \(compile.stderr)")
        return library
    }

    /// A whole set from another app, for a run with --force to replace.
    func generateEarlierSet(into out: URL, in folder: URL) throws {
        let first = try Harness.run(
            [
                "generate", "--answers", Harness.fixtures.appendingPathComponent("answers/flex.json").path,
                "--output", out.path,
            ], in: folder)
        try #require(first.status == 0, "\(first.stderr)")
    }

    /// Every file under `folder`, relative, with its bytes.
    func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[String(url.path.dropFirst(folder.path.count))] = (try? Data(contentsOf: url)) ?? Data()
            }
        }
        return files
    }

    @Test func aFullDiskLeavesNothingBehind() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try shim(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try Harness.run(
            ["generate", "--answers", Self.answers, "--output", out.path], in: folder,
            environment: [
                "LD_PRELOAD": library, "FNHARDEN_SHIM_DIR": out.path, "FNHARDEN_SHIM_FULL_AFTER": "20000",
            ])
        #expect(run.status == 2)
        #expect(run.stderr.contains(String(cString: strerror(ENOSPC))), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "a fresh output folder is removed again")
    }

    /// A folder without permission: the system's reason, exit 2, nothing
    /// left (the shim refuses as permissions would, even for root).
    @Test func aFolderWithoutPermissionIsSaidPlainly() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try shim(in: folder)
        let out = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let run = try Harness.run(
            ["generate", "--answers", Self.answers, "--output", out.path], in: folder,
            environment: ["LD_PRELOAD": library, "FNHARDEN_SHIM_DIR": out.path, "FNHARDEN_SHIM_DENY": "1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(String(cString: strerror(EACCES))), "\(run.stderr)")
        #expect(snapshot(out).isEmpty)
    }

    /// `generate ARGUMENTS --output out` over an earlier set in `out`, the
    /// disk full after `fullAfter` bytes: the run, and the set before it.
    func fullDiskOverAnEarlierSet(
        _ arguments: [String], fullAfter: Int, in folder: URL
    )
        throws -> (run: Harness.Run, out: URL, before: [String: Data])
    {
        let library = try shim(in: folder)
        let out = folder.appendingPathComponent("out")
        try generateEarlierSet(into: out, in: folder)
        let before = snapshot(out)
        let run = try Harness.run(
            ["generate"] + arguments + ["--output", out.path], in: folder,
            environment: [
                "LD_PRELOAD": library, "FNHARDEN_SHIM_DIR": out.path, "FNHARDEN_SHIM_FULL_AFTER": String(fullAfter),
            ])
        return (run, out, before)
    }

    @Test func aFullDiskKeepsTheOldFilesWhole() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, out, before) = try fullDiskOverAnEarlierSet(
            ["--answers", Self.answers, "--force"], fullAfter: 30000, in: folder)
        #expect(run.status == 2)
        #expect(snapshot(out) == before, "the old files, byte for byte, and no temporary ones")
    }

    /// A batch into a folder that holds earlier files: the apps' folders
    /// are new, so their files are written under their own names, not
    /// renamed into place. A full disk half-way still leaves the folder as
    /// it was: no app folder, no file, the earlier files whole.
    @Test func aFullDiskInABatchLeavesTheFolderAsItWas() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = ["premium-hardened.yaml", "minimal.yaml", "worst-case.yaml", "flex.json"]
            .map { Harness.fixtures.appendingPathComponent("answers/\($0)").path }
        let (run, out, before) = try fullDiskOverAnEarlierSet(["--answers"] + answers, fullAfter: 150_000, in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains(String(cString: strerror(ENOSPC))), "\(run.stderr)")
        #expect(snapshot(out) == before, "the earlier files, byte for byte, and nothing else")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(left == ["answers.yaml", "checklist.json", "checklist.md", "snippets"], "\(left)")
    }

    /// A rerun with --force leaves a file that already holds the new bytes
    /// as it is (same inode, same modification time) and replaces the others:
    /// a changed file, a link standing in a file's place, a script that lost
    /// its execute bit.
    @Test func aRerunLeavesUnchangedFilesAlone() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let arguments = ["generate", "--answers", Self.answers, "--output", out.path, "--as-of", "2026-11-29"]
        let first = try Harness.run(arguments, in: folder)
        try #require(first.status == 0, "\(first.stderr)")
        func identity(_ name: String) -> [Int] {
            var info = stat()
            guard lstat(out.appendingPathComponent(name).path, &info) == 0 else { return [] }
            return [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_mode)]
        }
        let before = snapshot(out)
        let names = before.keys.map { String($0.dropFirst()) }.sorted()
        let identities = Dictionary(uniqueKeysWithValues: names.map { ($0, identity($0)) })
        // One byte changed, a link to a copy in place of a file, a script made not executable.
        let json = out.appendingPathComponent("checklist.json")
        try Data((Harness.read(json) + " ").utf8).write(to: json)
        let copy = folder.appendingPathComponent("copy.tf")
        try FileManager.default.copyItem(at: out.appendingPathComponent("snippets/main.tf"), to: copy)
        try FileManager.default.removeItem(at: out.appendingPathComponent("snippets/main.tf"))
        try FileManager.default.createSymbolicLink(
            at: out.appendingPathComponent("snippets/main.tf"), withDestinationURL: copy)
        chmod(out.appendingPathComponent("snippets/harden.sh").path, 0o644)
        let touched = ["checklist.json", "snippets/main.tf", "snippets/harden.sh"]
        let changedIdentities = Dictionary(uniqueKeysWithValues: touched.map { ($0, identity($0)) })

        let again = try Harness.run(arguments + ["--force"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("unchanged \(out.path)/checklist.md"), "\(again.stderr)")
        #expect(again.stderr.contains("wrote \(out.path)/checklist.json"), "\(again.stderr)")
        #expect(snapshot(out) == before, "the same set, byte for byte, and nothing else")
        for name in names where !touched.contains(name) {
            #expect(identity(name) == identities[name], "\(name) is left as it was")
        }
        for name in touched {
            #expect(identity(name) != changedIdentities[name], "\(name) is replaced")
        }
        var info = stat()
        #expect(
            lstat(out.appendingPathComponent("snippets/main.tf").path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
        #expect(access(out.appendingPathComponent("snippets/harden.sh").path, X_OK) == 0)
        #expect(
            Harness.read(copy) == String(decoding: before["/snippets/main.tf"] ?? Data(), as: UTF8.self),
            "the link's target is not written through")
    }

    /// SIGTERM, SIGINT and SIGHUP while the files are being written: the
    /// signal waits until the set is whole, then ends the run.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalMidWriteLeavesAWholeSet(_ signal: Int32) throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try shim(in: folder)
        let out = folder.appendingPathComponent("out")
        try generateEarlierSet(into: out, in: folder)
        let old = snapshot(out)
        try signalMidWrite(
            signal, ["generate", "--answers", Self.answers, "--output", out.path, "--force"],
            out: out, library: library, in: folder)
        let now = snapshot(out)
        #expect(
            !now.keys.contains { $0.split(separator: "/").last?.hasPrefix(".") == true },
            "no temporary files: \(now.keys)")
        #expect(now.keys.sorted() == old.keys.sorted())
        let checklist = String(decoding: now["/checklist.md"] ?? Data(), as: UTF8.self)
        #expect(checklist.contains("contoso-payments"), "the new set is whole")
        #expect(now != old)
    }

    /// The same for a batch, whose apps are prepared on several threads
    /// before the files are written: the signal still waits.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalMidBatchLeavesAWholeSet(_ signal: Int32) throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try shim(in: folder)
        let answers = folder.appendingPathComponent("answers")
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        for name in ["premium-hardened.yaml", "flex.json", "linux-consumption.yaml"] {
            try FileManager.default.copyItem(
                at: Harness.fixtures.appendingPathComponent("answers/" + name),
                to: answers.appendingPathComponent(name))
        }
        let out = folder.appendingPathComponent("out")
        // The earlier set in English, the new one in Greek: the same files, other bytes.
        let first = try Harness.run(["generate", "--answers", answers.path, "--output", out.path], in: folder)
        try #require(first.status == 0, "\(first.stderr)")
        let old = snapshot(out)
        try signalMidWrite(
            signal, ["generate", "--answers", answers.path, "--output", out.path, "--force", "--lang", "el"],
            out: out, library: library, in: folder)
        let now = snapshot(out)
        #expect(
            !now.keys.contains { $0.split(separator: "/").last?.hasPrefix(".") == true },
            "no temporary files: \(now.keys)")
        #expect(now.keys.sorted() == old.keys.sorted())
        let english = now.filter { $0.key.hasSuffix(".md") }.keys.filter { path in
            !String(decoding: now[path] ?? Data(), as: UTF8.self).unicodeScalars.contains {
                (0x0370...0x03FF).contains($0.value)
            }
        }
        #expect(english.isEmpty, "the new set is whole: \(english) still in English")
    }

    /// Runs fnharden with writes slowed down, and sends `signal` once the
    /// first file is being written; the run must end by that signal.
    func signalMidWrite(_ signal: Int32, _ arguments: [String], out: URL, library: String, in folder: URL) throws {
        let mark = folder.appendingPathComponent("writing").path
        let process = Process()
        // The test runner may ignore these signals, and an ignored signal
        // stays ignored across exec: env gives the run the default action.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal=INT,TERM,HUP", Harness.binary.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging([
            "LD_PRELOAD": library, "FNHARDEN_SHIM_DIR": out.path, "FNHARDEN_SHIM_SLOW_MS": "150",
            "FNHARDEN_SHIM_MARK": mark,
        ]) { _, new in new }
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: mark) && Date() < deadline { usleep(5_000) }
        try #require(FileManager.default.fileExists(atPath: mark), "the writes never started")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
    }
}

/// Files over the 1 MiB limit are refused before any parsing, from a path or
/// from standard input, quickly and with nothing written.
@Suite struct SizeLimitTests {
    @Test func anOversizedAnswersFileIsRefusedUnread() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Valid YAML all the way through, so only the size can be the reason.
        let big =
            "fnharden: 1\napp: {name: big-app}\n" + String(repeating: "# padding line of a comment\n", count: 80_000)
        let path = folder.appendingPathComponent("big.yaml")
        try Data(big.utf8).write(to: path)
        let started = Date()
        let fromFile = try Harness.run(["generate", "--answers", path.path, "--output", "out"], in: folder)
        let fromStdin = try Harness.run(["generate", "--answers", "-", "--output", "out"], in: folder, stdin: big)
        #expect(Date().timeIntervalSince(started) < 10)
        for run in [fromFile, fromStdin] {
            #expect(run.status == 2)
            #expect(run.stderr.contains("answers files are limited to 1048576 bytes"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// The billion-laughs file and the deep nesting are refused within 200 MB
    /// of address space (ulimit -v) and a few seconds, not expanded.
    @Test func bombsAreRefusedInBoundedMemoryAndTime() throws {
        let invalid = Harness.fixtures.appendingPathComponent("invalid")
        let started = Date()
        let run = try Harness.run(
            [
                "-c", "ulimit -v 200000; exec \"$0\" validate alias-bomb.yaml deep-nesting.yaml",
                Harness.binary.path,
            ], in: invalid, executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("alias-bomb.yaml:") && run.stderr.contains("deep-nesting.yaml:"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// The folder and the last part of a path, as NSString gives them
    /// where NSString doesn't trap (it does on a one-character name).
    @Test func pathNamesAreCutAsNSStringCutsThem() {
        var generator = SeededGenerator(seed: 20_261_129)
        let pieces = ["/", "/", "a", "bc", ".", "..", "é", "app-1", "checklist.json", " "]
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 1...7, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            // NSString traps on a path of one character between slashes
            // (`a`, `é/`, `//é`), and tidies repeated slashes its own way
            // (`///` -> ``, ` //.` -> ` /.`): those are checked by hand below.
            if path.contains("//")
                || (path.split(separator: "/").count == 1 && path.split(separator: "/")[0].count == 1)
            {
                continue
            }
            #expect(path.parentPath == (path as NSString).deletingLastPathComponent, "\(path.debugDescription)")
            #expect(path.lastPathName == (path as NSString).lastPathComponent, "\(path.debugDescription)")
        }
        for name in ["x", ".", "é"] {
            #expect(name.parentPath == "" && name.lastPathName == name)
            #expect((name + "/").parentPath == "" && (name + "//").lastPathName == name)
            #expect(("/" + name).parentPath == "/" && ("//" + name).parentPath == "/")
        }
        #expect("///".parentPath == "/" && "///".lastPathName == "/")
        #expect("out//app/checklist.json".parentPath == "out//app" && "out//app".parentPath == "out")
    }

}
