import FNHardenCore

/// The snippets of a batch's or an audit's apps, rendered once per answer
/// shape and then filled in for each app.
///
/// Apps of one shape (`Checklist.shapeKey`: every answer but the identity)
/// get the same snippets except where the app's name, location and resource
/// group are written: the header's app name and the defaults of the inputs
/// that take those answers (`settings.yml`, `inputs`). A shape's snippets are
/// rendered once with a placeholder for each of them, and each app's values
/// are put in the placeholders' place. Rendering the four snippets was two
/// fifths of a thousand-app batch (BENCHMARKS.md).
///
/// Only values that every dialect writes as they are go in this way: ASCII
/// letters, digits, `-`, `_` and `.`, which no quoting or escaping changes
/// (Bicep, JSON, HCL, shell words, comments). An app with any other value is
/// rendered in full. `SnippetTemplateTests` holds both ways equal.
public final class SnippetTemplates: Sendable {
    /// The identity answers the snippets write (the others, `review.*`, they don't).
    static let identityKeys = ["app.name", "app.location", "app.resource-group"]

    /// A shape's snippets, or the planner's refusal (hosting unknown).
    public typealias Snippets = Result<[RenderedSnippet], SnippetPlanner.Refusal>

    private let knowledgeBase: KnowledgeBase
    private let render: @Sendable (SnippetDialect, SnippetPlan) -> RenderedSnippet
    private let memo = ShapeMemo<Snippets>()

    public init(knowledgeBase: KnowledgeBase, render: @escaping @Sendable (SnippetDialect, SnippetPlan) -> RenderedSnippet) {
        self.knowledgeBase = knowledgeBase
        self.render = render
    }

    /// The app's snippets in `dialects`, from its shape's; nil when the app
    /// has no shape (a single run) or an identity value that isn't inert.
    public func snippets(for checklist: Checklist, dialects: [SnippetDialect]) -> Snippets? {
        guard let shape = checklist.shapeKey, !dialects.isEmpty else { return nil }
        let explicit = checklist.answers.explicit
        var standIn = explicit
        var fills: [(placeholder: String, value: String)] = []
        // An absent answer changes what is written (an input without a
        // default), so which ones are there is part of the key.
        var key = shape + "\u{2}" + dialects.map(\.rawValue).joined(separator: ",")
        for (index, id) in Self.identityKeys.enumerated() {
            switch explicit.values[id] {
            case nil:
                key += "\u{1}-"
            case .text(let value)?:
                guard Self.isInert(value) else { return nil }
                key += "\u{1}="
                // `@` is written as it is by every dialect and is in no inert value.
                let placeholder = "@fnharden-identity-\(index)@"
                standIn.values[id] = .text(placeholder)
                fills.append((placeholder, value))
            case let other?:
                // `unknown` (or a number): written the same way for every app.
                key += "\u{1}" + String(describing: other)
            }
        }
        let (knowledgeBase, render) = (knowledgeBase, render)
        let template = memo.value(key) {
            let answers = checklist.answers.forApp(standIn)
            return SnippetPlanner.plan(checklist.forApp(answers), knowledgeBase: knowledgeBase)
                .map { plan in dialects.map { render($0, plan) } }
        }
        return template.map { snippets in
            snippets.map { snippet in
                var text = snippet.text
                for fill in fills { text = text.replacingEvery(fill.placeholder, with: fill.value) }
                return RenderedSnippet(dialect: snippet.dialect, text: text, lines: snippet.lines)
            }
        }
    }

    /// Text that Bicep, ARM's JSON, Terraform, a shell word and a comment
    /// all write unchanged, and that can't hold a placeholder.
    static func isInert(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy {
            ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".")
        }
    }
}
