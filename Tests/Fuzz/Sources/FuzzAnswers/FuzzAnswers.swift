import FNHardenCore
import Foundation
import FuzzSupport

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

@main
enum FuzzAnswers {
    static func main() {
        runFuzzer { bytes, count in fuzzOne(bytes, count) }
    }
}
