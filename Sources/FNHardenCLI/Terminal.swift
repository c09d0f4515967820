import FNHardenCore
import FNHardenL10n
import Foundation
import LineEditing

/// Standard error and standard output, kept apart: results on one,
/// diagnostics on the other. Colour only on a terminal without NO_COLOR.
enum Terminal {
    /// A diagnostic line; if standard error itself is gone there is no one to tell.
    static func error(_ text: String) {
        _ = writeAll(STDERR_FILENO, text.hasSuffix("\n") ? text : text + "\n")
    }

    /// `fnharden: error: TEXT`, for problems that have no place in a file.
    static func fail(_ text: String) { error("fnharden: error: " + text) }

    /// Results. If standard output can't take them (closed, a full disk),
    /// say so and end with exit 2 rather than pretend it worked.
    static func output(_ text: String) {
        guard writeAll(STDOUT_FILENO, text) else {
            let reason = String(cString: strerror(errno))
            fail(CommandLineText.text("cli.stdout-failed", ["reason": reason]))
            exit(2)
        }
    }

    /// Colour on standard error: only on a terminal, and not when NO_COLOR
    /// is set or TERM is `dumb`.
    static let colourOnStandardError: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDERR_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
            && environment["TERM"] != "dumb"
    }()

    /// `FILE:LINE:COLUMN: error: MESSAGE`, the format editors and CI understand.
    static func line(for diagnostic: Diagnostic, _ l10n: Localizer) -> String {
        let place = diagnostic.position.map { "\(diagnostic.file):\($0.line):\($0.column):" } ?? "\(diagnostic.file):"
        var label = diagnostic.severity.rawValue + ":"
        if colourOnStandardError {
            label = (diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m") + label + "\u{1B}[0m"
        }
        let text = l10n.text(diagnostic.message.key, diagnostic.message.arguments, count: diagnostic.message.count)
        return "\(place) \(label) \(AnswerParsing.displayable(text, limit: 4096))"
    }
}
