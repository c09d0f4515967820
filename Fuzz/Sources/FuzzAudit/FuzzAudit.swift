import FNHardenAudit
import FNHardenCore
import FNHardenData
import Foundation

/// The repository holding checklists/ (this file is Fuzz/Sources/TARGET/FILE).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The knowledge base, read once: the fuzzer varies the configuration, not the data.
let knowledgeBase: KnowledgeBase = {
    do {
        return try KnowledgeBaseLoader.load(from: DirectoryDataSource(root: repository))
    } catch {
        // The repository's own data: failing here is a defect of the data, not an input.
        fatalError("the knowledge base does not load: \(error)")
    }
}()

let auditor = Auditor(knowledgeBase: knowledgeBase)

/// One input: read as a configuration source (JSON with comments, then an
/// ARM template, a Terraform plan or Azure CLI output), every app in it
/// audited and its checklist evaluated, as `fnharden audit` does.
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for app in AuditSources.apps(in: input, file: "fuzz.json", knowledgeBase: knowledgeBase) {
        let audited = auditor.audit(app, fallbackName: "fuzz", asOf: "2026-11-29")
        _ = ChecklistEvaluator.evaluate(audited.answers, knowledgeBase: knowledgeBase, asOf: "2026-11-29")
    }
    return 0
}

/// libFuzzer's driver, for programs with their own main (libFuzzer's docs:
/// "Using libFuzzer as a library").
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
enum FuzzAudit {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzOne(bytes, count) })
    }
}
