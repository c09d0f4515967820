import FNHardenAudit
import FNHardenCompiled
import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation
import Testing

/// The knowledge base and catalogues compiled into the binary at build time
/// (FNHardenCompiled, CompiledForm) against the YAML they were compiled
/// from, which `--data-dir` reads.
@Suite struct SnapshotTests {
    static func text(_ compiled: StaticString) -> String {
        compiled.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theCompiledKnowledgeBaseIsTheYAML() throws {
        let compiled = try CompiledForm.decode(KnowledgeBase.self, from: CompiledData.knowledgeBase)
        // The YAML, compiled now, gives the same text: nothing is stale. (A
        // file added or removed is compiled only after Package.swift is
        // touched, a SwiftPM plugin limit.)
        let stale = try CompiledForm.encode(Harness.kb) != Self.text(CompiledData.knowledgeBase)
        #expect(!stale, "the compiled knowledge base is stale: touch Package.swift and rebuild")
        // Decoding loses nothing the compiled form holds.
        #expect(try CompiledForm.encode(compiled) == Self.text(CompiledData.knowledgeBase))
        // Only the items' examples, which the tests run from the YAML, are left out.
        #expect(compiled.items.allSatisfy(\.examples.isEmpty) && Harness.kb.items.allSatisfy { !$0.examples.isEmpty })
        #expect(compiled.items.map(\.id) == Harness.kb.items.map(\.id))
    }

    @Test func theCompiledAuditKnowledgeIsTheYAML() throws {
        let compiled = try CompiledForm.decode(AuditKnowledge.self, from: CompiledData.auditKnowledge)
        #expect(compiled == Harness.auditKnowledge, "checklists/audit.yml is stale: touch Package.swift and rebuild")
        #expect(!compiled.planBySKUName.isEmpty && !compiled.sources.isEmpty)
    }

    @Test func theCompiledCataloguesAreTheYAML() throws {
        #expect(CompiledData.catalogues.map(\.language) == Catalog.languages(in: Harness.data).sorted())
        for (language, text) in CompiledData.catalogues {
            let compiled = try CompiledForm.decode(Catalog.self, from: text)
            let yaml = try Catalog.load(language: language, from: Harness.data)
            #expect(compiled.entries.count > 500)
            #expect(compiled == yaml, "locales/\(language) is stale: touch Package.swift and rebuild")
        }
    }

    /// The comparison is a real one: one letter of the last source URL differs.
    @Test func theComparisonSeesOneChangedLetter() throws {
        let text = Self.text(CompiledData.knowledgeBase)
        let range = try #require(text.range(of: "learn.microsoft.com", options: .backwards))
        let changed = text.replacingCharacters(in: range, with: "Learn.microsoft.com")
        let decoded = try JSONDecoder().decode(KnowledgeBase.self, from: Data(changed.utf8))
        #expect(decoded != Harness.kb)
    }

    /// Damaged compiled data is an error that says so, never a crash.
    @Test func damagedDataIsAnErrorNotACrash() {
        let error = #expect(throws: CompiledFormError.self) {
            try CompiledForm.decode(KnowledgeBase.self, from: "{\"version\": 1")
        }
        #expect(error?.description.contains("rebuild fnharden") == true)
        #expect(throws: CompiledFormError.self) { try CompiledForm.decode(Catalog.self, from: "[]") }
    }

    @Test func builtInDataAndDataDirGiveTheSameFiles() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["worst-case.yaml", "premium-hardened.yaml", "flex.json"] {
            for language in ["en", "el"] {
                var outputs: [String: [String: Data]] = [:]
                for (label, extra) in [("built-in", [String]()), ("dir", ["--data-dir", Harness.packageRoot.path])] {
                    let out = folder.appendingPathComponent("\(name)-\(language)-\(label)")
                    let run = try Harness.run(
                        [
                            "generate", "--answers", Harness.fixtures.appendingPathComponent("answers/\(name)").path,
                            "--output", out.path, "--format", "markdown,json,sarif", "--lang", language,
                            "--as-of", "2026-11-29",
                        ] + extra)
                    try #require(run.status == 0, "\(name) \(label): \(run.stderr)")
                    var files: [String: Data] = [:]
                    for path in FileManager.default.subpaths(atPath: out.path) ?? [] {
                        files[path] = FileManager.default.contents(atPath: out.appendingPathComponent(path).path)
                    }
                    outputs[label] = files
                }
                #expect((outputs["built-in"]?.count ?? 0) >= 8)
                #expect(outputs["built-in"] == outputs["dir"], "\(name) in \(language)")
            }
        }
    }

}
