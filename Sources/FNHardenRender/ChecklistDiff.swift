import FNHardenCore
import FNHardenL10n
import Foundation

/// The difference between two reviews, read from two `checklist.json` files
/// (format fnharden.checklist/1): what became done, what is open again, what
/// was accepted or whose acceptance expired, what a new knowledge base added
/// or removed, and changed severities.
public struct ChecklistDiff: Sendable {
    public struct Change: Sendable, Equatable {
        public let id: String
        public let title: String
        public let severity: String
        public let from: String
        public let to: String
    }

    public let newlyDone: [Change]
    /// Done before, open now: a regression.
    public let reopened: [Change]
    public let newlyOpen: [Change]
    public let accepted: [Change]
    public let expired: [Change]
    public let added: [Change]
    public let removed: [Change]
    public let severityChanged: [Change]
    /// Moves to not-applicable or unsupported (a changed plan or design).
    public let otherChanges: [Change]
    /// Done before, no longer possible now (a plan that can't do it): a regression too.
    public let lost: [Change]
    /// Still accepted, but by someone else, for another reason or until another date.
    public let acceptanceChanged: [Change]
    public let oldVersion: String
    public let newVersion: String

    public var hasRegression: Bool { !reopened.isEmpty || !lost.isEmpty }
    public var isEmpty: Bool {
        [
            newlyDone, reopened, newlyOpen, accepted, expired, added, removed, severityChanged, otherChanges, lost,
            acceptanceChanged,
        ]
        .allSatisfy(\.isEmpty)
    }

    /// A checklist.json, or why it isn't one.
    public struct Document: Sendable {
        struct Entry: Sendable {
            let id, title, severity, status: String
            let expired: Bool
            /// owner · until · reason, when the item carries an acceptance.
            let acceptance: String?
        }
        let entries: [Entry]
        let knowledgeBase: String

        public static func parse(_ data: Data) -> Result<Document, Message> {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return .failure(Message("diff.not-json"))
            }
            guard object["format"] as? String == "fnharden.checklist/1", let items = object["items"] as? [[String: Any]]
            else {
                return .failure(Message("diff.not-checklist"))
            }
            var entries: [Entry] = []
            for item in items {
                guard let id = item["id"] as? String, let status = item["status"] as? String else {
                    return .failure(Message("diff.not-checklist"))
                }
                let acceptance = item["acceptance"] as? [String: Any]
                let statuses = Status.allCases.map(\.rawValue)
                let severities = Severity.allCases.map(\.rawValue)
                guard statuses.contains(status), entries.allSatisfy({ $0.id != id }),
                    severities.contains(item["severity"] as? String ?? "")
                else {
                    return .failure(Message("diff.not-checklist"))
                }
                let summary = acceptance.map { risk in
                    ["owner", "expires", "reason"].compactMap { risk[$0] as? String }.joined(separator: " · ")
                }
                entries.append(
                    Entry(
                        id: id, title: item["title"] as? String ?? id,
                        severity: item["severity"] as? String ?? "", status: status,
                        expired: acceptance?["expired"] as? Bool ?? false, acceptance: summary))
            }
            let generator = object["generator"] as? [String: Any]
            return .success(Document(entries: entries, knowledgeBase: generator?["knowledge-base"] as? String ?? "?"))
        }
    }

    public init(old: Document, new: Document) {
        let before = Dictionary(old.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func change(_ entry: Document.Entry, from: String, to: String) -> Change {
            Change(id: entry.id, title: entry.title, severity: entry.severity, from: from, to: to)
        }
        var newlyDone: [Change] = []
        var reopened: [Change] = []
        var newlyOpen: [Change] = []
        var accepted: [Change] = []
        var expired: [Change] = []
        var added: [Change] = []
        var severityChanged: [Change] = []
        var other: [Change] = []
        var lost: [Change] = []
        var acceptanceChanged: [Change] = []
        for entry in new.entries {
            guard let previous = before[entry.id] else {
                added.append(change(entry, from: "", to: entry.status))
                continue
            }
            if previous.severity != entry.severity {
                severityChanged.append(change(entry, from: previous.severity, to: entry.severity))
            }
            if previous.status == entry.status {
                if entry.status == "accepted", previous.acceptance != entry.acceptance {
                    acceptanceChanged.append(change(entry, from: previous.acceptance ?? "", to: entry.acceptance ?? ""))
                }
                continue
            }
            let moved = change(entry, from: previous.status, to: entry.status)
            switch entry.status {
            case "done": newlyDone.append(moved)
            case "accepted": accepted.append(moved)
            case "todo" where previous.status == "done": reopened.append(moved)
            case "todo" where previous.status == "accepted" && entry.expired: expired.append(moved)
            case "todo": newlyOpen.append(moved)
            case "unsupported" where previous.status == "done": lost.append(moved)
            default: other.append(moved)
            }
        }
        let removed = old.entries.filter { after[$0.id] == nil }.map { change($0, from: $0.status, to: "") }
        self.newlyDone = newlyDone
        self.reopened = reopened
        self.newlyOpen = newlyOpen
        self.accepted = accepted
        self.expired = expired
        self.added = added
        self.removed = removed
        self.severityChanged = severityChanged
        self.otherChanges = other
        self.lost = lost
        self.acceptanceChanged = acceptanceChanged
        self.oldVersion = old.knowledgeBase
        self.newVersion = new.knowledgeBase
    }

    private var groups: [(key: String, changes: [Change])] {
        [
            ("reopened", reopened), ("lost", lost), ("newly-open", newlyOpen), ("expired", expired),
            ("newly-done", newlyDone),
            ("accepted", accepted), ("added", added), ("removed", removed), ("severity", severityChanged),
            ("acceptance-changed", acceptanceChanged), ("other", otherChanges),
        ]
    }

    /// Markdown for a review comment.
    public func markdown(_ l10n: Localizer) -> String {
        var blocks = [
            "# " + l10n.text("diff.title"),
            l10n.text("diff.versions", ["old": oldVersion, "new": newVersion]),
        ]
        if isEmpty { blocks.append(l10n.text("diff.no-change")) }
        for (key, changes) in groups where !changes.isEmpty {
            blocks.append("## " + l10n.text("diff.\(key)", count: changes.count))
            blocks.append(
                changes.map { change in
                    var line = "- " + Markdown.code(change.id) + " " + Markdown.escape(change.title)
                    if !change.severity.isEmpty { line += " (" + l10n.text("severity.\(change.severity)") + ")" }
                    if key == "acceptance-changed" {
                        line += ": " + Markdown.escape(change.from) + " → " + Markdown.escape(change.to)
                    } else if !change.from.isEmpty && !change.to.isEmpty {
                        line += ": " + Markdown.code(change.from) + " → " + Markdown.code(change.to)
                    }
                    return line
                }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// JSON for tools; keys and statuses are ids.
    public func json() -> String {
        var object: JSONObject = [
            "format": .string("fnharden.diff/1"),
            "knowledge-base": .object(["old": .string(oldVersion), "new": .string(newVersion)]),
            "regression": .bool(hasRegression),
        ]
        for (key, changes) in groups {
            object[key] = .array(
                changes.map { change in
                    .object([
                        "id": .string(change.id), "severity": .string(change.severity),
                        "from": change.from.isEmpty ? .null : .string(change.from),
                        "to": change.to.isEmpty ? .null : .string(change.to),
                    ])
                })
        }
        return JSONOutput.encode(JSONValue.object(object))
    }
}
