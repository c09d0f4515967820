import FNHardenAudit
import FNHardenCore
import Foundation
import FuzzSupport

let auditKnowledge: AuditKnowledge = {
    do {
        return try AuditKnowledge.load(from: repositoryData, knowledgeBase: knowledgeBase)
    } catch {
        fatalError("checklists/audit.yml does not load: \(error)")
    }
}()

let auditor = Auditor(knowledgeBase: knowledgeBase, auditKnowledge: auditKnowledge)

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

@main
enum FuzzAudit {
    static func main() {
        runFuzzer { bytes, count in fuzzOne(bytes, count) }
    }
}
