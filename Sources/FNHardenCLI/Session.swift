import ArgumentParser
import Crypto
import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation

/// What a command needs before it starts: the data, the knowledge base and
/// the reader's language. Problems are reported and end the run with exit 2.
struct Session: Sendable {
    let data: DataStore
    let kb: KnowledgeBase
    let l10n: Localizer

    init(_ options: CommonOptions) throws {
        let environment = ProcessInfo.processInfo.environment
        let data = DataStore(dataDirectory: options.dataDir, environment: environment)
        self.data = data
        let choice = LanguageChoice.resolve(flag: options.lang, environment: environment, available: data.languages)
        do {
            // The command line's localizer, when it was built from the same
            // options (it is, unless runAndExit was given other arguments than
            // the process's): the catalogues are then decoded once.
            if options.lang == CommandLineText.flag, options.dataDir == CommandLineText.dataDirectory,
                case .success(let localizer) = CommandLineText.loaded, localizer.language == choice.language
            {
                l10n = localizer
            } else {
                l10n = try CommandLineText.makeLocalizer(language: choice.language, data: data)
            }
            kb = try data.knowledgeBase()
        } catch {
            Terminal.fail("\(error)")
            throw ExitCode(2)
        }
        if let unavailable = choice.unavailable, options.lang != nil || environment["FNHARDEN_LANG"] != nil {
            Terminal.error("fnharden: " + l10n.text("cli.unknown-language", ["language": unavailable]))
        }
    }

    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Terminal.error(Terminal.line(for: diagnostic, l10n)) }
    }

    /// Reads and checks an answers file (`-` is standard input). Every problem
    /// is reported; errors end the run with exit 2 before anything is written.
    func answers(from path: String, asOf: String? = nil) throws -> (answers: ResolvedAnswers, sha256: String) {
        let (result, digest) = loadAnswers(from: path, asOf: asOf)
        report(result.diagnostics)
        guard let answers = result.answers else { throw ExitCode(2) }
        return (answers, digest ?? "")
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The answers and the SHA-256 (hex) of the bytes they were read from.
    func loadAnswers(from path: String, asOf: String? = nil) -> (result: AnswersLoader.Result, sha256: String?) {
        let name = path == "-" ? "<stdin>" : path.isEmpty ? "''" : path
        switch AnswersInput.read(path) {
        case .success(let data):
            return (AnswersLoader.load(data, file: name, knowledgeBase: kb, asOf: asOf), Self.sha256(data))
        case .failure(let problem):
            return (
                AnswersLoader.Result(
                    answers: nil,
                    diagnostics: [
                        Diagnostic(file: name, position: nil, message: problem)
                    ]), nil
            )
        }
    }
}

/// Reads an answers file's bytes, refusing oversized input before reading it.
enum AnswersInput {
    static func read(_ path: String) -> Result<Data, Message> {
        let limit = AnswersReader.maximumSize
        // A file over the limit is refused unread.
        // (stat, not FileManager's attributes, which read extended attributes too.)
        var info = stat()
        if path != "-", !path.isEmpty, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > limit
        {
            return .failure(Message("errors.too-large", ["size": String(info.st_size), "max": String(limit)]))
        }
        switch BoundedRead.read(path, limit: limit) {
        case .success(let data): return .success(data)
        case .failure(.missing): return .failure(Message("errors.no-such-file"))
        case .failure(.folder): return .failure(Message("errors.is-folder"))
        case .failure(.unreadable(let reason)): return .failure(Message("errors.unreadable", ["reason": reason]))
        }
    }
}
