@preconcurrency import CReadline
import Foundation

/// What reading one line gave.
public enum LineResult: Equatable, Sendable {
    case line(String)
    /// Ctrl-C at the prompt: the current question is abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// SIGTERM or SIGHUP arrived while reading.
    case terminated(Int32)
}

/// Reads answers a line at a time. The wizard talks to this protocol only,
/// so it runs the same on a terminal, on a pipe and in tests.
public protocol LineReader: AnyObject {
    func read(prompt: String, completions: [String]) -> LineResult
}

/// The version of GNU readline this binary is linked against ("8.2").
public var readlineVersion: String {
    guard let version = rl_library_version else { return "unknown" }
    return String(cString: version)
}

/// True when standard input is a terminal: only then is readline used.
public var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

/// Reads plain lines from standard input when it is not a terminal, so that
/// answers can be piped in; prompts go to standard error, never to output.
public final class PlainLineReader: LineReader {
    public init() {}

    public func read(prompt: String, completions: [String]) -> LineResult {
        _ = writeAll(STDERR_FILENO, prompt)
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        // Echo what was read after the prompt, so the transcript reads as a dialogue.
        _ = writeAll(STDERR_FILENO, line + "\n")
        return .line(line)
    }
}

/// Hands out canned lines, for tests of whatever drives a `LineReader`.
public final class ScriptedLineReader: LineReader {
    private var lines: [LineResult]
    public private(set) var prompts: [String] = []

    public init(_ lines: [LineResult]) { self.lines = lines }

    public func read(prompt: String, completions: [String]) -> LineResult {
        prompts.append(prompt)
        return lines.isEmpty ? .endOfInput : lines.removeFirst()
    }
}

/// Writes all of `text` to a file descriptor, retrying short writes and
/// interruptions; false when the descriptor fails (closed, full disk).
/// Used instead of FileHandle.write, which traps on such failures.
public func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        bytes = bytes.dropFirst(written)
    }
    return true
}
