import FNHardenAudit
import FNHardenCompiled
import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation

/// Where a run gets its knowledge base and catalogues: the copy compiled
/// into the binary at build time (every run but a knowledge-base author's),
/// or the YAML in a folder (`--data-dir`, `FNHARDEN_DATA_DIR`), read and
/// checked as the build reads it.
enum DataStore: Sendable {
    case compiled
    case folder(DirectoryDataSource)

    /// An explicit folder, then `FNHARDEN_DATA_DIR`, then the compiled copy.
    init(dataDirectory: String?, environment: [String: String]) {
        if let folder = dataDirectory ?? environment["FNHARDEN_DATA_DIR"], !folder.isEmpty {
            self = .folder(DirectoryDataSource(root: URL(fileURLWithPath: folder)))
        } else {
            self = .compiled
        }
    }

    /// The languages with a catalogue.
    var languages: [String] {
        switch self {
        case .compiled: return CompiledData.catalogues.map(\.language)
        case .folder(let source): return Catalog.languages(in: source)
        }
    }

    func knowledgeBase() throws -> KnowledgeBase {
        switch self {
        case .compiled: return try CompiledForm.decode(KnowledgeBase.self, from: CompiledData.knowledgeBase)
        case .folder(let source): return try KnowledgeBaseLoader.load(from: source)
        }
    }

    /// What the audit reads configuration with (`checklists/audit.yml`).
    func auditKnowledge(_ kb: KnowledgeBase) throws -> AuditKnowledge {
        switch self {
        case .compiled: return try CompiledForm.decode(AuditKnowledge.self, from: CompiledData.auditKnowledge)
        case .folder(let source): return try AuditKnowledge.load(from: source, knowledgeBase: kb)
        }
    }

    func catalog(_ language: String) throws -> Catalog {
        switch self {
        case .compiled:
            guard let catalogue = CompiledData.catalogues.first(where: { $0.language == language }) else {
                throw CatalogError(file: "locales/\(language)", problem: "no such language")
            }
            return try CompiledForm.decode(Catalog.self, from: catalogue.compiled)
        case .folder(let source): return try Catalog.load(language: language, from: source)
        }
    }
}
