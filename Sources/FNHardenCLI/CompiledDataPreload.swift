import FNHardenCompiled
import FNHardenCore
import FNHardenData
import FNHardenL10n

/// The compiled knowledge base and English catalogue, decoded on a second
/// core from the first instant of a run, while swift-argument-parser reads
/// the command line on the first (a quarter of a run's start-up; this work is
/// another tenth). The answers' naming patterns are compiled there too.
/// A run with `--data-dir` doesn't use them: the second core's time is lost,
/// not the run's.
enum CompiledDataPreload {
    struct Decoded: Sendable {
        let knowledgeBase: KnowledgeBase
        let english: Catalog
    }

    private static let started = BackgroundLoad { () throws -> Decoded in
        let knowledgeBase = try SnapshotReader.decode(KnowledgeBase.self, from: CompiledData.knowledgeBase)
        guard let english = CompiledData.catalogues.first(where: { $0.language == "en" }) else {
            throw CatalogError(file: "locales/en", problem: "not compiled in")
        }
        let decoded = Decoded(knowledgeBase: knowledgeBase, english: try SnapshotReader.decode(Catalog.self, from: english.snapshot))
        AnswerParsing.compilePatterns(of: knowledgeBase)
        return decoded
    }

    /// Starts the work (once; later calls do nothing).
    static func start() { _ = started }

    /// The decoded data, waiting for the work if it is still under way.
    static func value() throws -> Decoded { try started.value() }
}
