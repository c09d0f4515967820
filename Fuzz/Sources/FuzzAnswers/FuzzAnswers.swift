import FNHardenCore
import FNHardenData
import Foundation

/// The repository holding checklists/ (this file is Fuzz/Sources/TARGET/FILE).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The knowledge base, read once: the fuzzer varies the answers, not the data.
let knowledgeBase: KnowledgeBase = {
    do {
        return try KnowledgeBaseLoader.load(from: DirectoryDataSource(root: repository))
    } catch {
        // The repository's own data: failing here is a defect of the data, not an input.
        fatalError("the knowledge base does not load: \(error)")
    }
}()

/// One input: read and validate it as an answers file and, when it is
/// valid, evaluate the checklist and plan the snippets, as `generate` does.
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    let result = AnswersLoader.load(data, file: "fuzz.yaml", knowledgeBase: knowledgeBase, asOf: "2026-11-29")
    if let answers = result.answers {
        let checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: knowledgeBase, asOf: "2026-11-29")
        _ = SnippetPlanner.plan(checklist, knowledgeBase: knowledgeBase)
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
enum FuzzAnswers {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzOne(bytes, count) })
    }
}
