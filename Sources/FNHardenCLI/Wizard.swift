import ArgumentParser
import FNHardenCore
import FNHardenL10n
import FNHardenRender
import Foundation
import LineEditing

/// Drives an `Interview` through a `LineReader`: prompts and help on
/// standard error, the result on standard output, the answers saved
/// atomically after every one, and a clean exit on quit, Ctrl-C, Ctrl-D,
/// SIGTERM and SIGHUP.
struct Wizard {
    let session: Session
    let options: WizardOptions
    let reader: any LineReader
    let interactive: Bool

    init(session: Session, options: WizardOptions, reader: (any LineReader)? = nil) {
        self.session = session
        self.options = options
        self.interactive = reader == nil && standardInputIsTerminal
        self.reader =
            reader
            ?? (standardInputIsTerminal
                ? ReadlineLineReader(historyPath: defaultHistoryPath(environment: ProcessInfo.processInfo.environment))
                : PlainLineReader())
    }

    private var l10n: Localizer { session.l10n }
    private static let commands = ["?", "help", "back", "unknown", "summary", "quit"]

    /// Words for yes and no in the reader's language (y, yes; ν, ναι ...).
    private func words(_ key: String) -> Set<String> {
        Set(l10n.text(key).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }

    func run() throws {
        try checkPlaces()
        var interview = Interview(
            knowledgeBase: session.kb, prefilled: try prefill(),
            yesWords: words("wizard.yes-words"), noWords: words("wizard.no-words"))
        say(l10n.text("wizard.intro"))
        while true {
            while let id = interview.current {
                ask(id, interview)
                let offered = interview.offeredValues(for: id)
                switch reader.read(prompt: prompt(id, interview), completions: offered + Self.commands) {
                case .line(let raw):
                    let text = raw.trimmingCharacters(in: .whitespaces)
                    switch text {
                    case "?", "help": help(id)
                    case "back":
                        if !interview.back() { say(l10n.text("wizard.nothing-back")) }
                    case "summary": summary(interview, title: "wizard.summary-title")
                    case "quit": stop(interview, code: 0)
                    default:
                        switch interview.answer(text) {
                        case .accepted: save(interview.answerSet, partial: true)
                        case .rejected(let message):
                            say("  " + explain(message))
                            // A script can't answer again: stop rather than shift every later line.
                            if !interactive { stop(interview, code: 2) }
                        }
                    }
                case .endOfInput: stop(interview, code: 0)
                case .interrupted: stop(interview, code: 130)
                case .terminated(let signal): stop(interview, code: 128 + signal)
                }
            }
            // Answers that contradict each other are never written: ask again where it breaks.
            if let (id, message) = interview.contradiction {
                say("  " + explain(message))
                interview.reopen(id)
                continue
            }
            if try finish(&interview) { return }
        }
    }

    // MARK: - Places

    /// The save file and the output folder must be writable before anyone
    /// answers forty questions into them.
    private func checkPlaces() throws {
        let saveFolder = options.save.parentPath
        var problems: [String] = []
        let folder = saveFolder.isEmpty ? "." : saveFolder
        if !isFolder(folder) || !writable(folder) || isFolder(options.save)
            || (FileManager.default.fileExists(atPath: options.save)
                && !FileManager.default.isWritableFile(atPath: options.save))
        {
            problems.append(l10n.text("wizard.cannot-save", ["file": options.save]))
        }
        var existing = options.output
        while !existing.isEmpty && !FileManager.default.fileExists(atPath: existing) {
            existing = existing.parentPath
        }
        if (!existing.isEmpty && !isFolder(existing)) || !writable(existing.isEmpty ? "." : existing) {
            problems.append(l10n.text("wizard.cannot-output", ["folder": options.output]))
        }
        guard problems.isEmpty else {
            for problem in problems { Terminal.fail(problem) }
            throw ExitCode(2)
        }
    }

    private func writable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    private func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    // MARK: - Starting

    /// The pre-filled answers: `--answers`, else the save file of an
    /// interrupted interview. Answers that are missing or invalid are asked
    /// again (and the reason shown); a file that isn't an answers file at
    /// all ends the run rather than being overwritten.
    private func prefill() throws -> AnswerSet {
        let saveExists = FileManager.default.fileExists(atPath: options.save)
        if options.fresh && saveExists {
            // Starting over keeps the earlier answers beside, never destroys them.
            let backup = options.save + ".bak"
            _ = unlink(backup)
            if rename(options.save, backup) == 0 {
                say(l10n.text("wizard.backed-up", ["file": options.save, "backup": backup]))
            }
        } else if let answers = options.answers, saveExists, !options.force,
            URL(fileURLWithPath: answers).standardizedFileURL != URL(fileURLWithPath: options.save).standardizedFileURL
        {
            // Another interview's answers are in the save file: don't overwrite them unasked.
            Terminal.fail(l10n.text("wizard.save-taken", ["file": options.save]))
            throw ExitCode(2)
        }
        var path = options.answers
        if path == nil, !options.fresh, FileManager.default.fileExists(atPath: options.save) { path = options.save }
        guard let path else { return AnswerSet() }
        let data: Data
        switch AnswersInput.read(path) {
        case .success(let bytes): data = bytes
        case .failure(let problem):
            session.report([Diagnostic(file: path, position: nil, message: problem)])
            throw ExitCode(2)
        }
        let (answers, problems) = AnswersReader.read(data, file: path, knowledgeBase: session.kb)
        let fatal = [
            "errors.yaml", "errors.root-not-mapping", "errors.not-utf8", "errors.binary", "errors.too-large",
            "errors.too-deep", "errors.duplicate-key", "errors.future-version",
        ]
        if problems.contains(where: { fatal.contains($0.message.key) }) {
            session.report(problems)
            Terminal.error(l10n.text("wizard.broken-save", ["file": path]))
            throw ExitCode(2)
        }
        if path == options.save && options.answers == nil {
            say(l10n.text("wizard.resuming", ["file": path], count: answers.values.count))
        }
        for problem in problems where problem.message.key != "errors.missing-version" {
            say(l10n.text("wizard.asked-again", ["reason": Terminal.line(for: problem, l10n)]))
        }
        return answers
    }

    // MARK: - Asking

    private func say(_ text: String) { Terminal.error(text) }

    private func colour(_ code: String, _ text: String) -> String {
        Terminal.colourOnStandardError ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    private func ask(_ id: String, _ interview: Interview) {
        guard let question = session.kb.question(id) else { return }
        let (index, total) = interview.progress
        say("")
        say(
            colour("1;36", "[\(index)/\(total)]") + " " + colour("1", l10n.text("areas.\(question.group)"))
                + " · " + l10n.text("questions.\(id).prompt"))
        let offered = interview.offeredValues(for: id)
        switch question.kind {
        case .choice:
            let width = offered.map(\.count).max() ?? 0
            for value in offered {
                let key = "questions.\(id).values.\(value)"
                let label = l10n.has(key) ? l10n.text(key) : ""
                say("  " + value.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + label)
            }
            let impossible = question.values.filter { !offered.contains($0) }
            if !impossible.isEmpty {
                say("  " + l10n.text("wizard.not-offered", ["values": impossible.joined(separator: ", ")]))
            }
        case .boolean:
            say(
                "  "
                    + l10n.text(
                        offered.count == 2 ? "wizard.boolean" : "wizard.boolean-only",
                        ["value": offered.first ?? "false"]))
        case .integer:
            say("  " + l10n.text("wizard.integer", ["min": String(question.minimum ?? 0)]))
        case .list:
            say("  " + l10n.text("wizard.list"))
        case .string:
            break
        }
    }

    private func prompt(_ id: String, _ interview: Interview) -> String {
        let key = session.kb.question(id)?.key ?? id
        guard let fallback = interview.defaultValue(for: id) else { return key + ": " }
        let shown: String =
            switch fallback {
            case .list(let items): items.isEmpty ? "-" : items.joined(separator: ", ")
            default: fallback.canonical
            }
        let styled =
            Terminal.colourOnStandardError && interactive
            ? ReadlineLineReader.invisible("\u{1B}[2m") + "[\(shown)]" + ReadlineLineReader.invisible("\u{1B}[0m")
            : "[\(shown)]"
        return "\(key) \(styled): "
    }

    private func help(_ id: String) {
        guard let question = session.kb.question(id) else { return }
        say("  " + l10n.text("questions.\(id).help"))
        if let section = question.section {
            say(
                "  "
                    + l10n.text(
                        "wizard.help-section",
                        [
                            "section": SectionTitle.text(section, session.kb, l10n),
                            "url": session.kb.url(ofSection: section),
                        ]))
        }
        if let source = question.source, let url = session.kb.sources[source],
            question.section == nil
                || url != session.kb.sourceArticleURL
        {
            say("  " + l10n.text("wizard.help-source", ["title": l10n.text("sources.\(source)"), "url": url]))
        }
        say("  " + l10n.text("wizard.commands"))
    }

    private func explain(_ message: Message) -> String {
        AnswerParsing.displayable(l10n.text(message.key, message.arguments, count: message.count), limit: 4096)
    }

    private func summary(_ interview: Interview, title: String) {
        let answers = interview.applicableAnswers
        guard !answers.isEmpty else {
            say(l10n.text("wizard.no-answers-yet"))
            return
        }
        say(l10n.text(title))
        for question in session.kb.questions {
            if let value = answers[question.id] { say("  \(question.id) = \(value.canonical)") }
        }
    }

    // MARK: - Stopping and finishing

    /// Saves what was answered, says how to resume, and exits.
    private func stop(_ interview: Interview, code: Int32) -> Never {
        say("")
        if save(interview.answerSet, partial: true) {
            say(l10n.text("wizard.saved", ["file": options.save]))
            say(l10n.text("wizard.resume-hint", ["command": resumeCommand]))
        } else {
            // Nothing could be saved: the answers go to standard output rather than be lost.
            Terminal.output(AnswersYAML(knowledgeBase: session.kb, localizer: l10n).renderPartial(interview.answerSet))
        }
        Foundation.exit(code)
    }

    /// The command that resumes this interview.
    private var resumeCommand: String {
        return options.save == WizardOptions.defaultSave
            ? "fnharden" : "fnharden wizard --answers \(options.save) --save \(options.save)"
    }

    /// Writes the answers file atomically; a failure is said, not fatal to
    /// the interview (the answers are still in memory).
    @discardableResult
    private func save(_ answers: AnswerSet, partial: Bool) -> Bool {
        let url = URL(fileURLWithPath: options.save)
        let text: String
        if partial {
            text = AnswersYAML(knowledgeBase: session.kb, localizer: l10n).renderPartial(answers, file: options.save)
        } else {
            let (resolved, _) = AnswerResolver.resolve(answers, knowledgeBase: session.kb, file: options.save)
            text = AnswersYAML(knowledgeBase: session.kb, localizer: l10n).render(resolved)
        }
        let file = OutputFiles(folder: url.deletingLastPathComponent(), files: [(url.lastPathComponent, text)])
        do {
            try file.write()
            return true
        } catch {
            ChecklistOutputs(session: session).report(error)
            return false
        }
    }

    /// The end: the answers, the checklist's counts, a confirmation (which
    /// also takes back, summary and help), then the files. False when the
    /// person went back to change an answer.
    private func finish(_ interview: inout Interview) throws -> Bool {
        let answers = interview.resolved
        save(interview.answerSet, partial: false)
        var checklist = ChecklistEvaluator.evaluate(answers, knowledgeBase: session.kb, asOf: today())
        if let data = FileManager.default.contents(atPath: options.save) {
            checklist.answersSHA256 = Session.sha256(data)
        }
        let urgent = checklist.count(.todo, .critical) + checklist.count(.todo, .high)
        say("")
        say(l10n.text("wizard.done-title"))
        summary(interview, title: "wizard.final-title")
        Terminal.output(
            l10n.text(
                "wizard.counts",
                [
                    "done": String(checklist.count(.done)), "todo": String(checklist.count(.todo)),
                    "urgent": String(urgent), "unsupported": String(checklist.count(.unsupported)),
                    "na": String(checklist.count(.notApplicable)),
                ]) + "\n")
        switch ask(l10n.text("wizard.confirm", ["folder": options.output]), default: true, interview) {
        case .yes: break
        case .no:
            say(l10n.text("wizard.not-written", ["file": options.save]))
            return true
        case .back:
            return !interview.back()
        }
        let outputs = ChecklistOutputs(session: session)
        let (files, warnings) = outputs.files(
            checklist, formats: ChecklistOutputs.defaultFormats,
            snippets: options.snippets.selection(policyByDefault: true),
            answersFile: options.save)
        warnings.forEach(Terminal.error)
        var force = options.force
        if !force {
            let existing = files.map { (options.output as NSString).appendingPathComponent($0.path) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                let question = l10n.text("wizard.replace", ["folder": options.output], count: existing.count)
                guard ask(question, default: false, interview) == .yes else {
                    say(l10n.text("wizard.not-written", ["file": options.save]))
                    return true
                }
                force = true
            }
        }
        for file in try outputs.write(files, into: options.output, force: force) + [(options.save, false)] {
            Terminal.output(outputs.written(file) + "\n")
        }
        return true
    }

    private enum Reply { case yes, no, back }

    /// A yes/no question. Enter takes the default; `back` returns to the
    /// last question; help and summary are answered and the question asked
    /// again, as is anything not understood. Ctrl-D and Ctrl-C leave, saved.
    private func ask(_ question: String, default fallback: Bool, _ interview: Interview) -> Reply {
        while true {
            switch reader.read(prompt: question, completions: ["yes", "no", "back", "summary", "help"]) {
            case .line(let text):
                let word = text.trimmingCharacters(in: .whitespaces).lowercased()
                if word.isEmpty { return fallback ? .yes : .no }
                if words("wizard.yes-words").contains(word) { return .yes }
                if words("wizard.no-words").contains(word) { return .no }
                switch word {
                case "back": return .back
                case "summary": summary(interview, title: "wizard.final-title")
                case "?", "help": say("  " + l10n.text("wizard.confirm-help"))
                case "quit": stop(interview, code: 0)
                default: say("  " + l10n.text("wizard.confirm-help"))
                }
                if !interactive { stop(interview, code: 2) }
            case .endOfInput: stop(interview, code: 0)
            case .interrupted: stop(interview, code: 130)
            case .terminated(let signal): stop(interview, code: 128 + signal)
            }
        }
    }
}
