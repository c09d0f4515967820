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

        /// Calls nested deeper than any template writes (a crafted one
        /// could otherwise exhaust the stack): such an expression is invalid.
        static let maximumDepth = 100
        var depth = 0

        mutating func expression() -> ARMExpression? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return nil }
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
            // Each step nests the expression one level deeper, as a call does.
            var steps = 0
            defer { depth -= steps }
            while true {
                skipSpace()
                if current == "." || current == "[" {
                    steps += 1
                    depth += 1
                    guard depth <= Self.maximumDepth else { return nil }
                }
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

/// What an expression can see: the template's parameters (default values,
/// or what a parent deployment passes) and variables, the outputs of the
/// template's own nested deployments, and the loop index inside a copy
/// loop. Each variable is worked out once, when first used (a chain of
/// variables that each use the one before twice would otherwise take time
/// exponential in its length), and a variable that refers back to itself is
/// unknown. Every scope of one file shares one budget: past it, and for any
/// value larger than a template could mean, the answer is unknown.
public final class ARMScope {
    /// Declarations by lower-cased name (ARM's names ignore case): a
    /// template may declare thousands, each looked up many times.
    private let parameters: [String: JSONNode]
    private let variables: [String: JSONNode]
    /// What a parent deployment passes for each parameter (lower-cased
    /// name): the parameter's node, worked out in the parent's scope.
    private let supplied: [String: JSONNode]
    private let parent: ARMScope?
    let shared: ARMFile
    /// The copy loop this scope is one element of, and the element's index.
    private let loop: (name: String?, index: Int)?
    private var variableCache: [String: ConfigValue] = [:]
    private var parameterCache: [String: ConfigValue] = [:]
    private var evaluating: Set<String> = []

    public convenience init(template: JSONNode) {
        self.init(template: template, supplied: [:], parent: nil, shared: ARMFile(), loop: nil)
    }

    private init(
        template: JSONNode?, supplied: [String: JSONNode], parent: ARMScope?, shared: ARMFile,
        loop: (name: String?, index: Int)?, base: ARMScope? = nil
    ) {
        self.parameters = Self.index(template?["parameters"])
        self.variables = Self.index(template?["variables"])
        self.supplied = supplied
        self.parent = parent
        self.shared = shared
        self.loop = loop
        self.base = base
    }

    private static func index(_ node: JSONNode?) -> [String: JSONNode] {
        var index: [String: JSONNode] = [:]
        for member in node?.members ?? [] where index[member.key.lowercased()] == nil {
            index[member.key.lowercased()] = member.value
        }
        return index
    }

    /// The scope of a nested deployment's template with inner expression
    /// scope: its parameters are what the deployment passes, read here.
    func inner(_ template: JSONNode, parameters: JSONNode?) -> ARMScope {
        var passed: [String: JSONNode] = [:]
        for member in parameters?.members ?? [] { passed[member.key.lowercased()] = member.value }
        return ARMScope(template: template, supplied: passed, parent: self, shared: shared, loop: nil)
    }

    /// The scope of one element of a copy loop.
    func element(of loopName: String?, index: Int) -> ARMScope {
        ARMScope(template: nil, supplied: [:], parent: nil, shared: shared, loop: (loopName, index), base: self)
    }

    /// The index of the copy-loop element this scope is, if it is one.
    var loopIndex: Int? { loop?.index }

    /// For a loop element: the scope whose parameters and variables it uses.
    private let base: ARMScope?

    /// Drops worked-out variables, so that they are worked out again once
    /// more of the template's deployment outputs are known.
    func forget() {
        variableCache = [:]
        parameterCache = [:]
    }

    /// The value of a template string or structure, expressions worked out.
    public func evaluate(_ node: JSONNode) -> ConfigValue {
        switch node.value {
        case .string(let text):
            let value = evaluate(text)
            // The first expression the limits made unknown, for the warning.
            if shared.limitReached && shared.limitPosition == nil { shared.limitPosition = node.position }
            return value
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
        // An unknown part makes the whole expression unknown, shown as written,
        // and what made it so is kept for the answers file's comment.
        if case .unknown = value {
            if shared.causes[text] == nil { shared.causes[text] = causes(of: expression, depth: 0) }
            return .unknown(text)
        }
        return value
    }

    /// The parts of an unknown expression that make it so: parameters
    /// without a value, and functions known only at deployment
    /// (`reference()`, `uniqueString()`), followed through variables.
    private func causes(of expression: ARMExpression, depth: Int) -> [String] {
        guard depth < 8 else { return [] }
        switch expression {
        case .literal: return []
        case .member(let base, _): return causes(of: base, depth: depth + 1)
        case .index(let base, let key): return causes(of: base, depth: depth + 1) + causes(of: key, depth: depth + 1)
        case .call(let name, let arguments):
            guard evaluate(expression).isUnknown else { return [] }
            let function = name.lowercased()
            // A lambda's body is worked out with its own variables, elsewhere.
            if function == "lambda" { return [] }
            if function == "parameters", case .literal(.string(let parameter))? = arguments.first {
                // What a parent passes, or a default that is itself an
                // expression: what that depends on.
                if let given = resolved.supplied[parameter.lowercased()], let parent = resolved.parent,
                    let text = given["value"]?.string ?? given.string, ARMExpression.isExpression(text),
                    let inner = parent.parsed(text)
                {
                    let found = parent.causes(of: inner, depth: depth + 1)
                    if !found.isEmpty { return found }
                } else if resolved.supplied[parameter.lowercased()] == nil,
                    let text = resolved.parameters[parameter.lowercased()]?["defaultValue"]?.string,
                    ARMExpression.isExpression(text), let inner = parsed(text)
                {
                    let found = causes(of: inner, depth: depth + 1)
                    if !found.isEmpty { return found }
                }
                return ["parameters('\(parameter)')"]
            }
            if function == "variables", case .literal(.string(let variable))? = arguments.first {
                if let text = resolved.variables[variable.lowercased()]?.string, ARMExpression.isExpression(text),
                    let inner = parsed(text)
                {
                    let found = causes(of: inner, depth: depth + 1)
                    if !found.isEmpty { return found }
                }
                return ["variables('\(variable)')"]
            }
            var found: [String] = []
            for argument in arguments {
                for cause in causes(of: argument, depth: depth + 1) where !found.contains(cause) { found.append(cause) }
            }
            return found.isEmpty ? [name + "()"] : Array(found.prefix(3))
        }
    }

    /// The scope whose parameters and variables this one reads: a loop
    /// element reads its template's.
    private var resolved: ARMScope { base ?? self }

    /// An expression `[...]` of this template, parsed.
    func parsed(_ text: String) -> ARMExpression? {
        if let cached = shared.parsed[text] { return cached }
        // Parsing costs in proportion to the text: charged as steps.
        guard shared.spend(text.utf8.count / 256 + 1) else { return nil }
        let expression = ARMExpression.parse(String(text.dropFirst().dropLast()))
        shared.parsed[text] = expression
        return expression
    }

    func evaluate(_ expression: ARMExpression) -> ConfigValue {
        guard shared.spend(), shared.enter() else { return .unknown("limit") }
        defer { shared.leave() }
        switch expression {
        case .literal(let value): return value
        case .member(.member(.call(let function, let arguments), "outputs"), let output)
        where function.lowercased() == "reference" && !arguments.isEmpty:
            // A nested deployment's output, where the template deploys it.
            guard let deployment = deploymentName(arguments[0]) else { return .unknown("reference") }
            return shared.output(deployment, output) ?? .unknown("reference")
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
            let function = name.lowercased()
            let value = call(function, arguments)
            return Self.growing.contains(function) ? shared.bounded(value) : value
        }
    }

    /// The functions that build a new value (and so allocate): what they
    /// build counts against the size limits.
    static let growing: Set<String> = [
        "concat", "format", "union", "replace", "createarray", "createobject", "string", "tolower", "toupper",
        "trim", "items", "json", "map", "toobject",
    ]

    /// The deployment a `reference(...)` names: by `resourceId` of
    /// Microsoft.Resources/deployments, or by its symbolic name.
    private func deploymentName(_ argument: ARMExpression) -> String? {
        switch evaluate(argument) {
        case .resource(let type, let name) where type.lowercased() == "microsoft.resources/deployments":
            return name.lowercased()
        case .string(let text) where !text.contains("/"):
            let symbol = text.lowercased()
            return shared.ambiguousSymbols.contains(symbol) ? nil : shared.symbolicDeployments[symbol]
        default:
            return nil
        }
    }

    private func call(_ name: String, _ arguments: [ARMExpression]) -> ConfigValue {
        // Functions whose arguments may be skipped are worked out first.
        if name == "if" {
            guard arguments.count == 3, let condition = evaluate(arguments[0]).bool else { return .unknown(name) }
            return evaluate(arguments[condition ? 1 : 2])
        }
        if name == "copyindex" { return copyIndex(arguments) }
        if let result = lambdaCall(name, arguments) { return shared.bounded(result) }
        let values = arguments.map(evaluate)
        // Work on text costs in proportion to its length (`length`, `contains`
        // and the rest read every character): charged as steps.
        let textLength = values.reduce(0) { total, value in
            if case .string(let text) = value { return total + text.utf8.count }
            return total
        }
        guard shared.spend(textLength / 256) else { return .unknown("limit") }
        // The scope of a resource id may be known only at deployment; its
        // type and names still count. Objects and arrays hold an unknown
        // part as unknown, so what is known in them stays known.
        let unknownAllowed: Set<String> = [
            "coalesce", "resourceid", "extensionresourceid", "subscriptionresourceid", "createobject", "createarray",
            "union", "tryget",
        ]
        if values.contains(where: \.isUnknown) && !unknownAllowed.contains(name) { return .unknown(name) }
        // What is built from values too large together is not built at all.
        if Self.growing.contains(name), ConfigValue.array(values).exceeds(ARMFile.sizeLimit) {
            return shared.tooLarge()
        }
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
        case ("equals", 2): return equal(values[0], values[1]).map(ConfigValue.bool) ?? .unknown(name)
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
            case .array(let elements):
                // An unknown element might be the one sought.
                if elements.contains(where: { equal($0, values[1]) == true }) { return .bool(true) }
                return values[0].containsUnknown || values[1].containsUnknown ? .unknown(name) : .bool(false)
            case .object: return values[1].text.map { .bool(values[0][$0] != nil) } ?? .unknown(name)
            default: return .unknown(name)
            }
        case ("startswith", 2), ("endswith", 2):
            guard let text = values[0].text?.lowercased(), let part = values[1].text?.lowercased() else {
                return .unknown(name)
            }
            return .bool(name == "startswith" ? text.hasPrefix(part) : text.hasSuffix(part))
        case ("tryget", 2...):
            var value = values[0]
            for key in values.dropFirst() {
                if case .unknown = value { return value }
                if let position = key.int, let elements = value.elements {
                    value = elements.indices.contains(position) ? elements[position] : .null
                } else if let name = key.text, value.members != nil {
                    value = value[name] ?? .null
                } else {
                    return key.isUnknown ? .unknown(name) : .null
                }
            }
            return value
        case ("items", 1):
            guard let members = values[0].members else { return .unknown(name) }
            return .array(
                members.sorted { $0.key < $1.key }.map { .object([("key", .string($0.key)), ("value", $0.value)]) })
        case ("json", 1):
            guard let text = values[0].text, case .success(let node) = JSONReader.read(Array(text.utf8), file: "")
            else { return .unknown(name) }
            return ConfigValue(literal: node)
        case ("lambdavariables", 1):
            return values[0].text.flatMap { lambdaBindings[$0.lowercased()] } ?? .unknown(name)
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
            // Merging compares each element with those kept: bounded, so a
            // crafted union can't take quadratic time on large inputs.
            let count = values.reduce(0) { $0 + ($1.elements?.count ?? 0) + ($1.members?.count ?? 0) }
            guard count <= ARMFile.unionLimit else { return shared.tooLarge() }
            if values.allSatisfy({ $0.elements != nil }) {
                var result: [ConfigValue] = []
                // Unknown elements might be duplicates: the union is unknown then.
                if values.contains(where: \.containsUnknown) { return .unknown(name) }
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
            guard let text = values[0].text, let old = values[1].text, let new = values[2].text, !old.isEmpty else {
                return .unknown(name)
            }
            // Each replacement may grow the text: count them before making it.
            let count = text.components(separatedBy: old).count - 1
            guard text.utf8.count + count * new.utf8.count <= ARMFile.sizeLimit else {
                return shared.tooLarge()
            }
            return .string(text.replacingOccurrences(of: old, with: new))
        default:
            // reference, list*, uniqueString, guid, resourceGroup, subscription,
            // deployment, environment, utcNow, ...: known only at deployment.
            return .unknown(name)
        }
    }

    /// Equal, unequal, or nil when either holds something unknown: two
    /// unknowns are not known to be the same.
    private func equal(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Bool? {
        if lhs.containsUnknown || rhs.containsUnknown { return nil }
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
                guard let number, number >= 0, number < values.count - 1, let text = values[number + 1].text else {
                    return .unknown("format")
                }
                result += text
                guard result.utf8.count <= ARMFile.sizeLimit else { return shared.tooLarge() }
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

    /// The values of the lambda parameters being worked out (`lambdaVariables('x')`).
    private var lambdaBindings: [String: ConfigValue] = [:]

    /// `map`, `filter`, `reduce` and `toObject` with their `lambda(...)`,
    /// worked out element by element; nil for any other function.
    private func lambdaCall(_ name: String, _ arguments: [ARMExpression]) -> ConfigValue? {
        guard ["map", "filter", "reduce", "toobject"].contains(name) else { return nil }
        func lambda(_ expression: ARMExpression?) -> (names: [String], body: ARMExpression)? {
            guard case .call(let function, let parts)? = expression, function.lowercased() == "lambda",
                let body = parts.last
            else { return nil }
            let names = parts.dropLast().compactMap { part -> String? in
                if case .literal(.string(let text)) = part { return text.lowercased() }
                return nil
            }
            return names.count == parts.count - 1 ? (names, body) : nil
        }
        func apply(_ function: (names: [String], body: ARMExpression), _ values: [ConfigValue]) -> ConfigValue {
            let saved = lambdaBindings
            defer { lambdaBindings = saved }
            for (name, value) in zip(function.names, values) { lambdaBindings[name] = value }
            return evaluate(function.body)
        }
        guard let elements = arguments.first.map(evaluate)?.elements else { return .unknown(name) }
        switch name {
        case "map":
            guard arguments.count == 2, let function = lambda(arguments[1]) else { return .unknown(name) }
            return .array(elements.enumerated().map { apply(function, [$0.element, .number(String($0.offset))]) })
        case "filter":
            guard arguments.count == 2, let function = lambda(arguments[1]) else { return .unknown(name) }
            var kept: [ConfigValue] = []
            for (offset, element) in elements.enumerated() {
                guard let keep = apply(function, [element, .number(String(offset))]).bool else { return .unknown(name) }
                if keep { kept.append(element) }
            }
            return .array(kept)
        case "reduce":
            guard arguments.count == 3, let function = lambda(arguments[2]) else { return .unknown(name) }
            var result = evaluate(arguments[1])
            for (offset, element) in elements.enumerated() {
                result = apply(function, [result, element, .number(String(offset))])
                if case .unknown = result { return result }
            }
            return result
        default:
            guard (2...3).contains(arguments.count), let key = lambda(arguments[1]) else { return .unknown(name) }
            // Keys replace earlier ones: bounded as a union is.
            guard elements.count <= ARMFile.unionLimit else { return shared.tooLarge() }
            let value = arguments.count == 3 ? lambda(arguments[2]) : nil
            if arguments.count == 3 && value == nil { return .unknown(name) }
            var members: [(key: String, value: ConfigValue)] = []
            for element in elements {
                guard let text = apply(key, [element]).text else { return .unknown(name) }
                members.removeAll { $0.key == text }
                members.append((text, value.map { apply($0, [element]) } ?? element))
            }
            return .object(members)
        }
    }

    /// `copyIndex()`, `copyIndex(offset)`, `copyIndex('loop')`, `copyIndex('loop', offset)`.
    private func copyIndex(_ arguments: [ARMExpression]) -> ConfigValue {
        guard let loop else { return .unknown("copyIndex") }
        let values = arguments.map(evaluate)
        var offset = 0
        if let first = values.first, first.int == nil {
            // A named loop: only this element's loop is known here.
            guard let name = first.text, name.lowercased() == loop.name?.lowercased() else {
                return .unknown("copyIndex")
            }
            offset = values.count > 1 ? values[1].int ?? 0 : 0
        } else {
            offset = values.first?.int ?? 0
        }
        let (index, overflow) = loop.index.addingReportingOverflow(offset)
        return overflow ? .unknown("copyIndex") : .number(String(index))
    }

    /// The values a parameter allows, when `text` is just that parameter
    /// (`[parameters('kind')]`) and its declaration lists them.
    func allowedValues(of text: String) -> [String]? {
        if let base { return base.allowedValues(of: text) }
        guard ARMExpression.isExpression(text), case .call(let function, let arguments)? = parsed(text),
            function.lowercased() == "parameters", arguments.count == 1,
            case .literal(.string(let name)) = arguments[0], supplied[name.lowercased()] == nil,
            let allowed = parameters[name.lowercased()]?["allowedValues"]
        else { return nil }
        return allowed.elements.compactMap(\.string)
    }

    private func parameter(_ name: String) -> ConfigValue {
        if base != nil { return resolved.parameter(name) }
        let key = name.lowercased()
        if let given = supplied[key] {
            if let cached = parameterCache[key] { return cached }
            // `{"value": ...}`, or one expression that works out to it (Bicep
            // writes nullable parameters so); a Key Vault `reference` is
            // known only at deployment.
            let entry = parent?.evaluate(given) ?? .unknown("parameters")
            let value = entry["value"] ?? .unknown("parameters")
            parameterCache[key] = value
            return value
        }
        guard let declaration = parameters[key] else { return .unknown("parameters") }
        guard let fallback = declaration["defaultValue"] else {
            // A nullable parameter nobody passes is null.
            if let nullable = declaration["nullable"], ConfigValue(literal: nullable).bool == true { return .null }
            return .unknown("parameters")
        }
        // A default may use other parameters: worked out once, and one that
        // comes back to itself is unknown.
        if let cached = parameterCache[key] { return cached }
        let marker = "parameter " + key
        guard !evaluating.contains(marker) else { return .unknown("parameters") }
        evaluating.insert(marker)
        let value = evaluate(fallback)
        evaluating.remove(marker)
        parameterCache[key] = value
        return value
    }

    private func variable(_ name: String) -> ConfigValue {
        if base != nil { return resolved.variable(name) }
        let key = name.lowercased()
        if let cached = variableCache[key] { return cached }
        guard let node = variables[key], !evaluating.contains(key) else { return .unknown("variables") }
        evaluating.insert(key)
        let value = node["copy"] != nil && node.members.count == 1 ? .unknown("copy") : evaluate(node)
        evaluating.remove(key)
        variableCache[key] = value
        return value
    }
}

/// What the scopes of one file share: the evaluation budget, and the
/// outputs of the nested deployments the template declares (values only,
/// so scopes and this table never hold each other).
public final class ARMFile {
    /// Evaluation steps for a whole file: a hundred times what the
    /// largest real template known (3 MB, an azd accelerator) takes, and few
    /// enough to finish well within a second.
    static let stepLimit = 500_000
    /// The largest value kept, in characters and elements: a template's
    /// settings are short, and doubling a string forty times is not one.
    static let sizeLimit = 262_144
    /// The most elements or members a `union` merges.
    static let unionLimit = 10_000

    private var steps = 0
    /// True once the budget or the size limit has made a value unknown.
    private(set) var limitReached = false
    /// Where the first expression the limits made unknown is written.
    var limitPosition: Position?
    /// Characters and elements built by the functions that grow values, for
    /// the whole file: many values each under the size limit still add up.
    private var built = 0
    static let builtLimit = 8_000_000
    /// Deployment name (lower-cased) -> output name (lower-cased) -> value.
    var outputs: [String: [String: ConfigValue]] = [:]
    /// Deployments named more than once: their outputs are unknown.
    var ambiguous: Set<String> = []
    /// An unknown expression's text -> what makes it unknown.
    public internal(set) var causes: [String: [String]] = [:]
    /// Symbolic name (languageVersion 2.0) -> deployment name.
    var symbolicDeployments: [String: String] = [:]
    /// Symbols more than one template uses for different deployments.
    var ambiguousSymbols: Set<String> = []

    init() {}

    /// Parsed expressions by their text: a template's expressions are read
    /// many times (each lookup, each loop element).
    var parsed: [String: ARMExpression?] = [:]
    /// How deep evaluation is nested now: chains of variables, parameters and
    /// properties deeper than any template writes would exhaust the stack.
    private var depth = 0
    static let depthLimit = 200

    /// One level deeper; false (and nothing to leave) past the limit.
    func enter() -> Bool {
        guard depth < Self.depthLimit else {
            limitReached = true
            return false
        }
        depth += 1
        return true
    }

    func leave() { depth -= 1 }

    /// `count` steps of evaluation; false once the budget is spent.
    func spend(_ count: Int = 1) -> Bool {
        steps += count
        if steps > Self.stepLimit { limitReached = true }
        return steps <= Self.stepLimit
    }

    /// `value`, or unknown when it is larger than the size limit.
    func bounded(_ value: ConfigValue) -> ConfigValue {
        guard !value.exceeds(Self.sizeLimit) else { return tooLarge() }
        built += value.measure(upTo: Self.sizeLimit)
        return built > Self.builtLimit ? tooLarge() : value
    }

    /// Unknown, because a value would be larger than the size limit.
    func tooLarge() -> ConfigValue {
        limitReached = true
        return .unknown("limit")
    }

    func output(_ deployment: String, _ name: String) -> ConfigValue? {
        guard !ambiguous.contains(deployment) else { return nil }
        return outputs[deployment]?[name.lowercased()]
    }
}
