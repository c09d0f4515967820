@preconcurrency import CReadline
import Foundation

// Readline calls back into plain C functions, which can't capture context:
// the state they share lives here, set before each `readline` call and used
// only from the main thread, which is why these globals need no lock.
nonisolated(unsafe) private var completionWords: [String] = []
nonisolated(unsafe) private var completionMatches: [String] = []
nonisolated(unsafe) private var completionCursor = 0
nonisolated(unsafe) private var caughtSignal: Int32 = 0

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 {
        let prefix = text.map { String(cString: $0) } ?? ""
        completionMatches = completionWords.filter { $0.hasPrefix(prefix) }
        completionCursor = 0
    }
    guard completionCursor < completionMatches.count else { return nil }
    defer { completionCursor += 1 }
    return strdup(completionMatches[completionCursor])  // readline frees it
}

private func attemptedCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
    rl_attempted_completion_over = 1  // never fall back to file names
    rl_completion_append_character = 0  // readline resets it before each completion
    return rl_completion_matches(text, completionGenerator)
}

/// Ctrl-C, SIGTERM, SIGHUP: remember the signal and make readline return.
/// Readline restores the terminal first (rl_catch_signals), then calls us.
private func signalFlag(_ number: Int32) {
    caughtSignal = number
    rl_done = 1
}

/// Readline polls rl_done only while an event hook is set.
private func eventHook() -> Int32 { 0 }

/// GNU readline on a terminal: line editing, Tab completion of the values
/// and commands the caller offers, history kept in a file, prompts on
/// standard error (results stay on standard output). A signal ends the
/// current read with `.interrupted` (SIGINT) or `.terminated(signal)`.
public final class ReadlineLineReader: LineReader {
    private let historyPath: String?

    /// - Parameter historyPath: the history file (created with its folder);
    ///   nil keeps no history.
    public init(historyPath: String?) {
        self.historyPath = historyPath
        Self.ensureUTF8()
        rl_readline_name = UnsafePointer(strdup("fnharden"))  // must outlive every call: never freed
        rl_attempted_completion_function = attemptedCompletion
        rl_outstream = fdopen(STDERR_FILENO, "w")
        rl_event_hook = eventHook
        _ = rl_variable_bind("enable-bracketed-paste", "off")  // no escape codes around each prompt
        using_history()
        stifle_history(500)
        if let historyPath {
            try? FileManager.default.createDirectory(
                atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = read_history(historyPath)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = signalFlag
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: the read must return
        // A parent may have blocked these (a test runner, a service manager):
        // unblock them, or Ctrl-C and SIGTERM would never reach the interview.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            sigaction(number, &action, nil)
            sigaddset(&blocked, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    }

    public func read(prompt: String, completions: [String]) -> LineResult {
        completionWords = completions
        caughtSignal = 0
        let raw = readline(prompt)
        defer { free(raw) }
        switch caughtSignal {
        case SIGINT: return .interrupted
        case 0: break
        default: return .terminated(caughtSignal)
        }
        guard let raw else { return .endOfInput }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            if let historyPath {
                // Appending each line keeps the history even if the process is killed.
                if append_history(1, historyPath) != 0 { _ = write_history(historyPath) }
            }
        }
        return .line(line)
    }

    /// Readline reads LC_ALL, LC_CTYPE or LANG itself. When they name
    /// no installed UTF-8 locale (C, POSIX, or el_GR.UTF-8 not generated, as
    /// in most containers), Greek typing would turn into Meta keys and lost
    /// lines: use C.UTF-8 for the character type then.
    static func ensureUTF8() {
        if setlocale(LC_CTYPE, "") != nil, String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            setenv("LC_CTYPE", name, 1)
            if let all = getenv("LC_ALL"), !String(cString: all).isEmpty { setenv("LC_ALL", name, 1) }
            break
        }
        // Eight-bit input stays characters, never Meta prefixes.
        _ = rl_variable_bind("input-meta", "on")
        _ = rl_variable_bind("output-meta", "on")
        _ = rl_variable_bind("convert-meta", "off")
    }

    /// Wraps ANSI sequences so readline doesn't count them as visible
    /// characters (RL_PROMPT_START_IGNORE and RL_PROMPT_END_IGNORE).
    public static func invisible(_ sequence: String) -> String { "\u{01}" + sequence + "\u{02}" }
}

/// `$XDG_STATE_HOME/fnharden/history`, or `~/.local/state/fnharden/history`.
public func defaultHistoryPath(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
        return state + "/fnharden/history"
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/fnharden/history"
}
