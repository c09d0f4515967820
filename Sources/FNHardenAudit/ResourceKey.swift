import Foundation

/// How a resource is recognised when other resources refer to it: by its
/// name when the template fixes it, otherwise by the expression that
/// computes it. Two resources named `[variables('appName')]` and
/// `[format('{0}/{1}', variables('appName'), 'web')]` are parent and child
/// even while `appName` depends on `uniqueString(...)`.
enum ResourceKey: Hashable, Sendable {
    case known(String)
    case expression(String)

    init(_ value: ConfigValue, expression: ARMExpression?) {
        if let text = value.text, !value.isUnknown {
            self = .known(text.lowercased())
        } else if let expression {
            self = .expression(expression.canonical)
        } else {
            self = .expression(value.display)
        }
    }

    /// Segments of a resource name (`site/config/web`), each recognised on its own.
    static func segments(of node: JSONNode, scope: ARMScope) -> [ResourceKey] {
        let value = scope.evaluate(node)
        if let text = value.text, !value.isUnknown {
            return text.split(separator: "/", omittingEmptySubsequences: false).map { .known($0.lowercased()) }
        }
        guard let text = node.string, ARMExpression.isExpression(text),
            let expression = ARMExpression.parse(String(text.dropFirst().dropLast()))
        else {
            return [.expression(value.display)]
        }
        return segments(of: expression, scope: scope)
    }

    static func segments(of expression: ARMExpression, scope: ARMScope) -> [ResourceKey] {
        func key(_ part: ARMExpression) -> ResourceKey {
            let found = ResourceKey(scope.evaluate(part), expression: part)
            // In a copy loop, an unknown name built with copyIndex() is each
            // element's own: `func-<unknown>0` is not `func-<unknown>1`.
            if case .expression(let text) = found, text.contains("copyindex("), let index = scope.loopIndex {
                return .expression(text + "#\(index)")
            }
            return found
        }
        switch expression {
        case .call(let name, let arguments) where name.lowercased() == "format" && !arguments.isEmpty:
            guard case .literal(.string(let pattern)) = arguments[0] else { return [key(expression)] }
            return pattern.split(separator: "/", omittingEmptySubsequences: false).map { piece in
                let segment = String(piece)
                // A segment that is just `{n}` is that argument; anything else is formatted on its own.
                if segment.hasPrefix("{"), segment.hasSuffix("}"), let index = Int(segment.dropFirst().dropLast()),
                    arguments.indices.contains(index + 1)
                {
                    return key(arguments[index + 1])
                }
                return key(.call("format", [.literal(.string(segment))] + arguments.dropFirst()))
            }
        case .call(let name, let arguments) where name.lowercased() == "concat":
            var segments: [ResourceKey] = []
            var pending: [ARMExpression] = []
            func close() {
                segments.append(pending.count == 1 ? key(pending[0]) : key(.call("concat", pending)))
                pending = []
            }
            for argument in arguments {
                if case .literal(.string(let text)) = argument, text.contains("/") {
                    let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
                    for (offset, piece) in pieces.enumerated() {
                        if !piece.isEmpty { pending.append(.literal(.string(String(piece)))) }
                        if offset < pieces.count - 1 { close() }
                    }
                } else {
                    pending.append(argument)
                }
            }
            if !pending.isEmpty { close() }
            return segments
        default:
            return [key(expression)]
        }
    }
}

extension ARMExpression {
    /// One spelling per expression (function names lower-cased, no spaces),
    /// so the same expression written twice compares equal.
    var canonical: String {
        switch self {
        case .literal(.string(let text)):
            // ARM's own quoting: a quote inside a literal is doubled.
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .literal(let value): return value.display
        case .call(let name, let arguments):
            return name.lowercased() + "(" + arguments.map(\.canonical).joined(separator: ",") + ")"
        case .member(let base, let name): return base.canonical + "." + name
        case .index(let base, let key): return base.canonical + "[" + key.canonical + "]"
        }
    }
}
