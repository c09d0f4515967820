import FNHardenCore
import Foundation

/// Template expressions (`"[concat('a', parameters('b'))]"`), worked out as
/// far as a template alone allows. Parameters take their default value,
/// variables their value; anything that needs a deployment (`reference`,
/// `list*`, `uniqueString`, `resourceGroup()`, a parameter without a default)
/// is unknown, and so is every expression that uses it.
/// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions
public indirect enum ARMExpression: Sendable, Equatable {
    case literal(ConfigValue)
    case call(String, [ARMExpression])
    case member(ARMExpression, String)
    case index(ARMExpression, ARMExpression)

    /// True when `text` is an expression rather than a string: `[...]`, and
    /// not `[[...`, which is ARM's escape for a literal opening bracket.
    public static func isExpression(_ text: String) -> Bool {
        text.hasPrefix("[") && !text.hasPrefix("[[") && text.hasSuffix("]")
    }

    /// Parses the inside of `[...]`; nil when it isn't a valid expression.
    public static func parse(_ text: String) -> ARMExpression? {
        var parser = Parser(Array(text.unicodeScalars))
        guard let expression = parser.expression() else { return nil }
        parser.skipSpace()
        return parser.atEnd ? expression : nil
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }

        static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
        var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        /// The scalars in `range` as a String.
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

        mutating func skipSpace() {
            while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
            }
        }

        mutating func expression() -> ARMExpression? {
            skipSpace()
            guard let scalar = current else { return nil }
            var base: ARMExpression
            if scalar == "'" {
                guard let text = string() else { return nil }
                base = .literal(.string(text))
            } else if scalar == "-" || ("0"..."9").contains(scalar) {
                let start = index
                index += 1
                while let digit = current, ("0"..."9").contains(digit) || digit == "." { index += 1 }
                base = .literal(.number(text(start..<index)))
            } else if Self.isLetter(scalar) {
                let start = index
                // A dot inside a name is a user function's namespace (`ns.fn(`).
                while let letter = current,
                    Self.isLetter(letter) || ("0"..."9").contains(letter)
                        || letter == "_" || letter == "."
                {
                    index += 1
                }
                let name = text(start..<index)
                skipSpace()
                guard current == "(" else { return nil }
                index += 1
                var arguments: [ARMExpression] = []
                skipSpace()
                if current == ")" {
                    index += 1
                } else {
                    while true {
                        guard let argument = expression() else { return nil }
                        arguments.append(argument)
                        skipSpace()
                        if current == "," {
                            index += 1
                            continue
                        }
                        if current == ")" {
                            index += 1
                            break
                        }
                        return nil
                    }
                }
                base = .call(name, arguments)
            } else {
                return nil
            }
            // Property access and indexing: reference(x).properties, keys[0].
            while true {
                skipSpace()
                if current == "." {
                    index += 1
                    let start = index
                    while let letter = current,
                        Self.isLetter(letter) || ("0"..."9").contains(letter)
                            || letter == "_" || letter == "$" || letter == "-"
                    {
                        index += 1
                    }
                    guard index > start else { return nil }
                    base = .member(base, text(start..<index))
                } else if current == "[" {
                    index += 1
                    guard let key = expression() else { return nil }
                    skipSpace()
                    guard current == "]" else { return nil }
                    index += 1
                    base = .index(base, key)
                } else {
                    return base
                }
            }
        }

        mutating func string() -> String? {
            index += 1
            var text = ""
            while let scalar = current {
                index += 1
                if scalar == "'" {
                    // '' is an escaped quote inside a string literal.
                    if current == "'" {
                        text.unicodeScalars.append("'")
                        index += 1
                        continue
                    }
                    return text
                }
                text.unicodeScalars.append(scalar)
            }
            return nil
        }
    }
}

/// What an expression can see: the template's parameters (default values)
/// and variables. Each variable is worked out once, when first used (a
/// chain of variables that each use the one before twice would otherwise
/// take time exponential in its length), and a variable that refers back
/// to itself is unknown.
public final class ARMScope {
    private let parameters: JSONNode?
    private let variables: JSONNode?
    /// Values given for parameters from outside (a nested deployment's
    /// `parameters`), which win over the defaults.
    private let supplied: [String: ConfigValue]
    private var variableCache: [String: ConfigValue] = [:]
    private var evaluating: Set<String> = []

    public init(template: JSONNode, supplied: [String: ConfigValue] = [:]) {
        self.parameters = template["parameters"]
        self.variables = template["variables"]
        self.supplied = supplied
    }

    /// The value of a template string or structure, expressions worked out.
    public func evaluate(_ node: JSONNode) -> ConfigValue {
        switch node.value {
        case .string(let text): return evaluate(text)
        case .array(let elements): return .array(elements.map(evaluate))
        case .object(let members): return .object(members.map { (evaluateKey($0.key), evaluate($0.value)) })
        default: return ConfigValue(literal: node)
        }
    }

    private func evaluateKey(_ key: String) -> String {
        guard ARMExpression.isExpression(key) else { return unescape(key) }
        return evaluate(key).text ?? key
    }

    private func unescape(_ text: String) -> String { text.hasPrefix("[[") ? String(text.dropFirst()) : text }

    public func evaluate(_ text: String) -> ConfigValue {
        guard ARMExpression.isExpression(text) else { return .string(unescape(text)) }
        guard let expression = parsed(text) else { return .unknown(text) }
        let value = evaluate(expression)
        // An unknown part makes the whole expression unknown, shown as written.
        if case .unknown = value { return .unknown(text) }
        return value
    }

    /// An expression `[...]` of this template, parsed.
    func parsed(_ text: String) -> ARMExpression? {
        ARMExpression.parse(String(text.dropFirst().dropLast()))
    }

    func evaluate(_ expression: ARMExpression) -> ConfigValue {
        switch expression {
        case .literal(let value): return value
        case .member(let base, let name):
            let value = evaluate(base)
            if case .unknown = value { return value }
            return value[name] ?? .unknown(name)
        case .index(let base, let key):
            let value = evaluate(base)
            let index = evaluate(key)
            if let elements = value.elements, let position = index.int, elements.indices.contains(position) {
                return elements[position]
            }
            if let name = index.text, let member = value[name] { return member }
            return .unknown("[]")
        case .call(let name, let arguments):
            return call(name.lowercased(), arguments)
        }
    }

    private func call(_ name: String, _ arguments: [ARMExpression]) -> ConfigValue {
        // Functions whose arguments may be skipped are worked out first.
        if name == "if" {
            guard arguments.count == 3, let condition = evaluate(arguments[0]).bool else { return .unknown(name) }
            return evaluate(arguments[condition ? 1 : 2])
        }
        let values = arguments.map(evaluate)
        if values.contains(where: \.isUnknown) && !["coalesce", "resourceid"].contains(name) { return .unknown(name) }
        switch (name, values.count) {
        case ("parameters", 1): return parameter(values[0].text ?? "")
        case ("variables", 1): return variable(values[0].text ?? "")
        case ("true", 0): return .bool(true)
        case ("false", 0): return .bool(false)
        case ("null", 0): return .null
        case ("concat", _):
            if values.allSatisfy({ $0.elements != nil }) { return .array(values.flatMap { $0.elements ?? [] }) }
            let parts = values.compactMap(\.text)
            return parts.count == values.count ? .string(parts.joined()) : .unknown(name)
        case ("format", 1...):
            return format(values)
        case ("tolower", 1): return values[0].text.map { .string($0.lowercased()) } ?? .unknown(name)
        case ("toupper", 1): return values[0].text.map { .string($0.uppercased()) } ?? .unknown(name)
        case ("trim", 1):
            return values[0].text.map { .string($0.trimmingCharacters(in: .whitespaces)) } ?? .unknown(name)
        case ("string", 1): return values[0].text.map { .string($0) } ?? .unknown(name)
        case ("bool", 1):
            return values[0].bool.map { .bool($0) } ?? (values[0].int.map { .bool($0 != 0) } ?? .unknown(name))
        case ("int", 1): return values[0].int.map { .number(String($0)) } ?? .unknown(name)
        case ("equals", 2): return .bool(equal(values[0], values[1]))
        case ("not", 1): return values[0].bool.map { .bool(!$0) } ?? .unknown(name)
        case ("and", 2...):
            let flags = values.compactMap(\.bool)
            return flags.count == values.count ? .bool(flags.allSatisfy { $0 }) : .unknown(name)
        case ("or", 2...):
            let flags = values.compactMap(\.bool)
            return flags.count == values.count ? .bool(flags.contains(true)) : .unknown(name)
        case ("empty", 1):
            switch values[0] {
            case .string(let text): return .bool(text.isEmpty)
            case .array(let elements): return .bool(elements.isEmpty)
            case .object(let members): return .bool(members.isEmpty)
            case .null: return .bool(true)
            default: return .unknown(name)
            }
        case ("contains", 2):
            switch values[0] {
            case .string(let text):
                return values[1].text.map { .bool(text.lowercased().contains($0.lowercased())) } ?? .unknown(name)
            case .array(let elements): return .bool(elements.contains { equal($0, values[1]) })
            case .object: return values[1].text.map { .bool(values[0][$0] != nil) } ?? .unknown(name)
            default: return .unknown(name)
            }
        case ("coalesce", 1...):
            for value in values {
                if case .null = value { continue }
                return value
            }
            return .null
        case ("createarray", _): return .array(values)
        case ("createobject", _):
            guard values.count % 2 == 0 else { return .unknown(name) }
            var members: [(key: String, value: ConfigValue)] = []
            for pair in stride(from: 0, to: values.count, by: 2) {
                guard let key = values[pair].text else { return .unknown(name) }
                members.append((key, values[pair + 1]))
            }
            return .object(members)
        case ("union", 1...):
            if values.allSatisfy({ $0.elements != nil }) {
                var result: [ConfigValue] = []
                for value in values.flatMap({ $0.elements ?? [] }) where !result.contains(value) {
                    result.append(value)
                }
                return .array(result)
            }
            var members: [(key: String, value: ConfigValue)] = []
            for value in values {
                guard case .object(let more) = value else { return .unknown(name) }
                for member in more {
                    members.removeAll { $0.key.lowercased() == member.key.lowercased() }
                    members.append(member)
                }
            }
            return .object(members)
        case ("resourceid", 2...), ("subscriptionresourceid", 2...), ("tenantresourceid", 2...),
            ("extensionresourceid", 3...):
            return resourceID(name, values)
        case ("first", 1):
            return values[0].elements?.first ?? values[0].text.flatMap { $0.first.map { .string(String($0)) } }
                ?? .unknown(name)
        case ("last", 1):
            return values[0].elements?.last ?? values[0].text.flatMap { $0.last.map { .string(String($0)) } }
                ?? .unknown(name)
        case ("length", 1):
            switch values[0] {
            case .string(let text): return .number(String(text.count))
            case .array(let elements): return .number(String(elements.count))
            case .object(let members): return .number(String(members.count))
            default: return .unknown(name)
            }
        case ("replace", 3):
            guard let text = values[0].text, let old = values[1].text, let new = values[2].text else {
                return .unknown(name)
            }
            return .string(text.replacingOccurrences(of: old, with: new))
        default:
            // reference, list*, uniqueString, guid, resourceGroup, subscription,
            // deployment, environment, utcNow, copyIndex, ...: known only at deployment.
            return .unknown(name)
        }
    }

    private func equal(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Bool {
        // ARM compares strings ignoring case.
        if case .string(let a) = lhs, case .string(let b) = rhs { return a.lowercased() == b.lowercased() }
        return lhs == rhs
    }

    private func format(_ values: [ConfigValue]) -> ConfigValue {
        guard let pattern = values[0].text else { return .unknown("format") }
        var result = ""
        var scalars = Array(pattern)[...]
        while let character = scalars.popFirst() {
            if character == "{", scalars.first == "{" {
                scalars.removeFirst()
                result.append("{")
            } else if character == "}", scalars.first == "}" {
                scalars.removeFirst()
                result.append("}")
            } else if character == "{" {
                var digits = ""
                while let next = scalars.first, next != "}" {
                    digits.append(next)
                    scalars.removeFirst()
                }
                _ = scalars.popFirst()
                let number = digits.split(separator: ":").first.flatMap { Int($0) }
                guard let number, values.indices.contains(number + 1), let text = values[number + 1].text else {
                    return .unknown("format")
                }
                result += text
            } else {
                result.append(character)
            }
        }
        return .string(result)
    }

    /// `resourceId([subscriptionId], [resourceGroupName], type, name...)`:
    /// the type is the first argument with a slash; the names follow it.
    private func resourceID(_ name: String, _ values: [ConfigValue]) -> ConfigValue {
        let start = name == "extensionresourceid" ? 1 : 0
        guard let typeIndex = values.indices.dropFirst(start).first(where: { values[$0].text?.contains("/") == true }),
            let type = values[typeIndex].text
        else { return .unknown(name) }
        let names = values[(typeIndex + 1)...]
        guard !names.isEmpty else { return .unknown(name) }
        let parts = names.compactMap(\.text)
        guard parts.count == names.count else { return .unknown(name) }
        return .resource(type: type, name: parts.joined(separator: "/"))
    }

    private func parameter(_ name: String) -> ConfigValue {
        if let value = supplied.first(where: { $0.key.lowercased() == name.lowercased() })?.value { return value }
        guard let declaration = parameters?[name] else { return .unknown("parameters") }
        guard let fallback = declaration["defaultValue"] else { return .unknown("parameters") }
        return evaluate(fallback)
    }

    private func variable(_ name: String) -> ConfigValue {
        let key = name.lowercased()
        if let cached = variableCache[key] { return cached }
        guard let node = variables?[name], !evaluating.contains(key) else { return .unknown("variables") }
        evaluating.insert(key)
        let value = node["copy"] != nil && node.members.count == 1 ? .unknown("copy") : evaluate(node)
        evaluating.remove(key)
        variableCache[key] = value
        return value
    }
}
