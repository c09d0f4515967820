import FastYAML
@testable import FNHardenAudit
import FNHardenCore
import FNHardenData
@testable import FNHardenL10n
@testable import FNHardenRender
import Foundation
import Testing
import Yams

/// The speed-ups of issue #9 change how, never what: each faster path is
/// held equal to the one it replaced.
@Suite struct SpeedTests {
    // MARK: - JSON written directly = JSONEncoder

    /// JSONEncoder with the options fnharden always used.
    func foundation(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// A random JSON value: nested objects and lists, strings with quotes,
    /// control characters, slashes and non-ASCII, keys that sort by code point.
    func random(_ generator: inout some RandomNumberGenerator, depth: Int = 0) -> JSONValue {
        let alphabet: [String] = ["a", "B", "_", "-", "1", "10", "é", "Ä", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}",
                                  "\u{7f}", "😀", "\u{2028}", " ", "<", "&"]
        func text() -> String { (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined() }
        switch Int.random(in: 0...(depth > 3 ? 4 : 7), using: &generator) {
        case 0: return .string(text())
        case 1: return .integer(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 2: return .bool(Bool.random(using: &generator))
        case 3: return .null
        case 4: return .string("https://learn.microsoft.com/azure/" + text())
        case 5, 6:
            var members: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) { members[text()] = random(&generator, depth: depth + 1) }
            return .object(members)
        default:
            return .array((0..<Int.random(in: 0...5, using: &generator)).map { _ in random(&generator, depth: depth + 1) })
        }
    }

    @Test func jsonIsWrittenByteForByteAsJSONEncoderWroteIt() throws {
        var generator = SeededGenerator(seed: 20261129)
        for _ in 0..<500 {
            let value = random(&generator)
            #expect(try JSONOutput.encode(value) == (try foundation(value)))
        }
        // And on real documents: the schema and a checklist.
        let schema = AnswersSchema(knowledgeBase: Harness.kb, localizer: Harness.english).document()
        #expect(try JSONOutput.encode(schema) == (try foundation(schema)))
        let checklist = try #require(Harness.checklist(Harness.read(Harness.fixtures.appendingPathComponent("answers/worst-case.yaml"))))
        let document = ChecklistJSON(knowledgeBase: Harness.kb, localizer: Harness.english).document(checklist)
        #expect(try JSONOutput.encode(document) == (try foundation(document)))
        #expect(JSONOutput.quoted("a\"b\\c/d\n\u{1}é") == "\"a\\\"b\\\\c/d\\n\\u0001é\"")
    }

    /// JSON with pre-written parts (a checklist's items) is written in
    /// pieces, the parts shared rather than copied: the pieces hold the
    /// bytes the whole text holds.
    @Test func jsonInPiecesIsTheJSONInOnePiece() throws {
        var generator = SeededGenerator(seed: 20261130)
        for _ in 0..<300 {
            // The same document twice: with parts pre-written, and plain.
            var members: JSONObject = [:]
            var plain: JSONObject = [:]
            var raws: [String] = []
            for number in 0..<Int.random(in: 0...4, using: &generator) {
                let value = random(&generator)
                plain["member\(number)"] = value
                if Bool.random(using: &generator) {
                    // Written at the depth it is placed at: a member of the document.
                    let raw = try JSONWriter.fragment(value, depth: 1)
                    raws.append(raw)
                    members["member\(number)"] = .raw(raw)
                } else {
                    members["member\(number)"] = value
                }
            }
            let whole = try foundation(.object(plain))
            let pieces = try JSONOutput.encodeText(.object(members))
            #expect(pieces.string == whole)
            #expect(pieces.byteCount == whole.utf8.count)
            for raw in raws { #expect(pieces.pieces.contains(raw)) }
        }
        // A checklist of an answer shape: its items are a piece of their own.
        var checklist = try #require(Harness.checklist(Harness.read(Harness.fixtures.appendingPathComponent("answers/worst-case.yaml"))))
        checklist.shapeKey = "jsonInPiecesIsTheJSONInOnePiece"
        let json = ChecklistJSON(knowledgeBase: Harness.kb, localizer: Harness.english)
        let text = try json.renderText(checklist)
        #expect(text.pieces.count == 3)
        checklist.shapeKey = nil
        #expect(text.string == (try foundation(json.document(checklist))))
    }

    /// The byte buffer the JSON and the answers files are written into
    /// holds what a String built the same way holds: texts of every kind
    /// (small, large, substrings, non-ASCII), single bytes, repeats, and
    /// numbers as `String(number)` writes them, through many growths.
    @Test func textBytesHoldWhatAStringHolds() {
        var generator = SeededGenerator(seed: 20261202)
        let numbers = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.max - 1, Int.min + 1, 1_000_000_007]
        for _ in 0..<200 {
            var bytes = TextBytes(capacity: Int.random(in: 0...3, using: &generator))
            var expected = ""
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                switch Int.random(in: 0...5, using: &generator) {
                case 0:
                    let text = randomText(&generator)
                    bytes.append(text)
                    expected += text
                case 1:
                    let text = String(repeating: randomText(&generator), count: Int.random(in: 1...40, using: &generator))
                    bytes.append(text.dropFirst())
                    expected += text.dropFirst()
                case 2:
                    let number = Bool.random(using: &generator) ? numbers.randomElement(using: &generator) ?? 0
                        : Int.random(in: Int.min...Int.max, using: &generator)
                    bytes.append(decimal: number)
                    expected += String(number)
                case 3:
                    let count = Int.random(in: 0...70, using: &generator)
                    bytes.append(repeating: UInt8(ascii: " "), count: count)
                    expected += String(repeating: " ", count: count)
                case 4:
                    bytes.append(UInt8(ascii: "{"))
                    expected += "{"
                default:
                    bytes.append(" : " as StaticString)
                    expected += " : "
                }
            }
            #expect(bytes.string == expected)
            #expect(bytes.taken() == expected)
            #expect(bytes.string.isEmpty, "taken leaves none behind")
        }
    }

    /// An audit's places are written straight to text as the writer
    /// writes the same object built as a tree of values.
    @Test func placesWrittenDirectlyAsTheTreeIsWritten() throws {
        var generator = SeededGenerator(seed: 20261203)
        let keys = ["app.name", "hosting.plan", "http.https-only", "a", "B", "é", "q\"uote", "line\nbreak", "\u{1}", "z"]
        for _ in 0..<300 {
            var places: [String: ConfigLocation] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                let key = keys.randomElement(using: &generator) ?? "a"
                let position = Bool.random(using: &generator) ? nil
                    : Position(line: Int.random(in: 1...99_999, using: &generator), column: Int.random(in: 1...300, using: &generator))
                places[key] = ConfigLocation(file: randomText(&generator), path: "$.resources[" + randomText(&generator) + "]",
                                             position: position)
            }
            let depth = Int.random(in: 0...4, using: &generator)
            let tree = JSONValue.object(JSONObject(places.mapValues(AuditSections.json)))
            #expect(JSONWriter.places(places, depth: depth) == (try JSONWriter.fragment(tree, depth: depth)))
        }
    }

    /// A comment kept to its line, checked eight bytes at a time while
    /// plain: the same as replacing every line break character by a space.
    @Test func commentsKeptToALineAsByCharacters() {
        var generator = SeededGenerator(seed: 20261205)
        let breaks = ["\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{1}", "\u{7f}", "é", "’", "…"]
        for _ in 0..<2000 {
            var text = String(repeating: "from t.json:12 $.resources[3].properties ", count: Int.random(in: 0...3, using: &generator))
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                let at = Int.random(in: 0...text.unicodeScalars.count, using: &generator)
                let index = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: at)
                text.unicodeScalars.insert(contentsOf: (breaks.randomElement(using: &generator) ?? "").unicodeScalars, at: index)
            }
            #expect(AnswersYAML.oneLine(text) == String(text.map { $0.isNewline ? " " : $0 }), "\(text.debugDescription)")
        }
    }

    // MARK: - Escaping by bytes = escaping by Unicode properties

    /// The escapes as they were written before their ASCII fast paths.
    enum Reference {
        static func markdown(_ text: String) -> String {
            var result = String.UnicodeScalarView()
            var pendingSpace = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace {
                    pendingSpace = !result.isEmpty
                    continue
                }
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                if "\\`*_[]<>#|!~&".unicodeScalars.contains(scalar) { result.append("\\") }
                result.append(scalar)
            }
            return String(result).replacingOccurrences(of: "://", with: ":\\/\\/").replacingOccurrences(of: "www.", with: "www\\.")
        }

        static func commentSafe(_ text: String) -> String {
            String(text.unicodeScalars.map { scalar -> Character in
                scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : Character(scalar)
            })
        }

        static func shellQuote(_ text: String) -> String {
            let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_./:=@%+,-".unicodeScalars.contains($0)
            }
            return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        static func camel(_ id: String) -> String {
            id.split(separator: "-").enumerated().map { index, part in
                index == 0 ? String(part) : part.prefix(1).uppercased() + part.dropFirst()
            }.joined()
        }

        static func code(_ text: String) -> String {
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            var fence = "`"
            while flat.contains(fence) { fence += "`" }
            let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
            return fence + pad + flat + pad + fence
        }

        static func isIdentifier(_ name: String, dash: Bool) -> Bool {
            name.first.map { $0.isLetter || $0 == "_" } == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || (dash && $0 == "-")) }
        }

        static func bicep(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case "$": out += "\\$"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                        out += "\\u{" + String(scalar.value, radix: 16) + "}"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out
        }
    }

    /// Random text mixing plain ASCII, the punctuation each escape treats,
    /// runs of spaces, controls, URLs and non-ASCII letters and spaces.
    func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let alphabet: [String] = ["a", "Z", "_", "-", "1", " ", "  ", "\t", "\n", "\r", "\u{1}", "\u{7f}", "\u{85}", "\u{9f}",
                                  "\u{a0}", "\u{2028}", "\u{3000}", "é", "Ω", "😀", "\\", "'", "\"", "$", "%", "{", "${", "%{",
                                  "`", "*", "[", "]", "<", ">", "#", "|", "!", "~", "&", "://", "www.", "https://x.y", "/", ".", ":",
                                  "=", "@", "+", ",", "e\u{301}"]
        return (0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
    }

    /// `%{name}` filled as Localizer did with String indices.
    static func referenceInterpolate(_ template: String, _ arguments: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "%{"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close])
            result += arguments[name] ?? "%{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A JSONObject is a dictionary whose members are kept in output order:
    /// however it is built, it holds what a Dictionary would, sorted by bytes.
    @Test func aJSONObjectHoldsWhatADictionaryHolds() {
        var generator = SeededGenerator(seed: 29112026)
        let keys = ["a", "B", "ab", "a-b", "a_b", "é", "e", "😀", "", "z", "aa", "a\u{1}"]
        for _ in 0..<300 {
            var dictionary: [String: JSONValue] = [:]
            var object: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                let key = keys.randomElement(using: &generator) ?? ""
                let value: JSONValue? = Bool.random(using: &generator) ? .integer(Int.random(in: 0...9, using: &generator)) : nil
                dictionary[key] = value
                object[key] = value
            }
            let sorted = dictionary.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(object.members.map(\.key) == sorted)
            #expect(object == JSONObject(dictionary))
            for key in keys { #expect(object[key] == dictionary[key]) }
        }
        // A literal in any order; a later duplicate wins, as in a dictionary built by assignment.
        let literal: JSONObject = ["b": .integer(1), "a": .integer(2), "b": .integer(3)]
        #expect(literal.members.map(\.key) == ["a", "b"])
        #expect(literal["b"] == .integer(3))
    }

    @Test func placeholdersByBytesEqualPlaceholdersByIndices() {
        var generator = SeededGenerator(seed: 20261129)
        let pieces = ["%{a}", "%{b}", "%{Ω}", "%{", "}", "%", "{", "x", "é", " ", "%{missing}", "😀", "%{a", "e\u{301}"]
        let arguments = ["a": "1", "b": "%{a}", "Ω": "ωμέγα"]
        for _ in 0..<3_000 {
            let template = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(Localizer.interpolate(template, arguments) == Self.referenceInterpolate(template, arguments),
                    "\(template.debugDescription)")
        }
    }

    /// ARM names compared ignoring case by bytes = by lowercased copies,
    /// on names that differ in case, length, or by a non-ASCII letter whose
    /// lowercase is ASCII (K, the Kelvin sign) or longer (İ).
    @Test func namesComparedIgnoringCaseAsLowercasedCopiesCompare() {
        var generator = SeededGenerator(seed: 20261129)
        let pieces = ["a", "A", "z", "Z", "@", "`", "[", "{", "_", "1", "é", "É", "\u{212A}", "k", "K", "İ", "i", "ß", "SS", "Ω", "ω", ""]
        func name() -> String {
            (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }
        for _ in 0..<20_000 {
            let one = name()
            // Half the time the same name in other cases, so equal pairs are common.
            let two = Bool.random(using: &generator)
                ? one.map { Bool.random(using: &generator) ? $0.uppercased() : $0.lowercased() }.joined()
                : name()
            #expect(one.equalsIgnoringCase(two) == (one.lowercased() == two.lowercased()), "\(one.debugDescription) \(two.debugDescription)")
        }
    }

    /// The secret marks are found by bytes as by a search of the bytes one
    /// place at a time, and as Foundation finds them in ASCII text.
    @Test func textSearchedByBytesAsByFoundation() {
        var generator = SeededGenerator(seed: 20261129)
        let pieces = ["a", "k", "e", "y", "=", "(", "password", "accountkey", "listkeys", "é", "😀", "\u{0}", ""]
        func text() -> String {
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }
        func naive(_ text: String, _ needle: String) -> Bool {
            let (text, needle) = (Array(text.utf8), Array(needle.utf8))
            guard needle.count <= text.count else { return false }
            return needle.isEmpty || (0...(text.count - needle.count)).contains { Array(text[$0..<($0 + needle.count)]) == needle }
        }
        for _ in 0..<20_000 {
            let (haystack, needle) = (text(), Bool.random(using: &generator) ? text() : "accountkey=")
            #expect(haystack.containsBytes(of: needle) == naive(haystack, needle), "\(haystack.debugDescription) \(needle.debugDescription)")
            if haystack.utf8.allSatisfy({ $0 < 0x80 && $0 > 0 }) && !needle.isEmpty && needle.utf8.allSatisfy({ $0 < 0x80 && $0 > 0 }) {
                #expect(haystack.containsBytes(of: needle) == haystack.contains(needle))
            }
        }
    }

    /// Storage account names are found in settings by bytes as they were
    /// by Foundation, in the ASCII text account names are made of.
    @Test func accountNamesFoundByBytesAsByFoundation() {
        func foundation(_ text: String) -> [String] {
            var names = [text.split(separator: " ").first.map(String.init) ?? text]
            var rest = text[...]
            while let range = rest.range(of: "accountname=") {
                names.append(String(rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber }))
                rest = rest[range.upperBound...]
            }
            return names
        }
        var generator = SeededGenerator(seed: 20261129)
        let pieces = ["accountname=", "accountname", "=", "stfunc01", "a", "9", " ", ";", "-", "defaultendpointsprotocol=https", ""]
        for _ in 0..<10_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(ARMTemplateReader.accountNames(in: text) == foundation(text), "\(text.debugDescription)")
        }
    }

    /// Output paths are cut into folder and name by bytes as NSString cuts them.
    @Test func pathsCutByBytesAsNSStringCutsThem() {
        var generator = SeededGenerator(seed: 20261129)
        let pieces = ["/", "/", "a", "bc", ".", "..", "é", "app-1", "checklist.json", " "]
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            // NSString traps on a path of one character between slashes
            // (`a`, `é/`, `//é`), and tidies repeated slashes its own way
            // (`///` -> ``, ` //.` -> ` /.`): those are checked by hand below.
            if path.contains("//") || (path.split(separator: "/").count == 1 && path.split(separator: "/")[0].count == 1) { continue }
            #expect(path.parentPath == (path as NSString).deletingLastPathComponent, "\(path.debugDescription)")
            #expect(path.lastPathName == (path as NSString).lastPathComponent, "\(path.debugDescription)")
        }
        for name in ["x", ".", "é"] {
            #expect(name.parentPath == "" && name.lastPathName == name)
            #expect((name + "/").parentPath == "" && (name + "//").lastPathName == name)
            #expect(("/" + name).parentPath == "/" && ("//" + name).parentPath == "/")
        }
        #expect("///".parentPath == "/" && "///".lastPathName == "/")
        #expect("out//app/checklist.json".parentPath == "out//app" && "out//app".parentPath == "out")
    }

    @Test func escapesByBytesEqualEscapesByProperties() {
        var generator = SeededGenerator(seed: 20261129)
        for _ in 0..<5_000 {
            let text = randomText(&generator)
            #expect(Markdown.escape(text) == Reference.markdown(text), "\(text.debugDescription)")
            #expect(commentSafe(text) == Reference.commentSafe(text), "\(text.debugDescription)")
            #expect(Markdown.code(text) == Reference.code(text), "\(text.debugDescription)")
            #expect(ShellSnippet.quote(text) == Reference.shellQuote(text), "\(text.debugDescription)")
            #expect(BicepSnippet.escaped(text) == Reference.bicep(text), "\(text.debugDescription)")
            #expect(ASCIIText.isIdentifier(text) == Reference.isIdentifier(text, dash: false), "\(text.debugDescription)")
            #expect(ASCIIText.isIdentifier(text, alsoAllowed: [UInt8(ascii: "-")]) == Reference.isIdentifier(text, dash: true),
                    "\(text.debugDescription)")
            let id = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                ["app", "-", "--", "name", "x1", "Zed", "1a", "é", "ß"].randomElement(using: &generator) ?? ""
            }.joined()
            #expect(InputName.camel(id) == Reference.camel(id), "\(id)")
            #expect(InputName.shell(id) == id.replacingOccurrences(of: "-", with: "_").uppercased(), "\(id)")
            let width = Int.random(in: 0...12, using: &generator)
            #expect(text.padded(toLength: width) == text.padding(toLength: width, withPad: " ", startingAt: 0) || text.utf16.count > width,
                    "\(text.debugDescription) \(width)")
            let target = ["'", "://", "www.", "a", "  "].randomElement(using: &generator) ?? "'"
            #expect(text.replacingEvery(target, with: "<\\>") == text.replacingOccurrences(of: target, with: "<\\>"),
                    "\(text.debugDescription)")
        }
    }

    // MARK: - Fast YAML = Yams

    func assertSame(_ fast: Node, _ yams: Node, _ path: String, _ file: String) {
        switch (fast, yams) {
        case (.scalar(let a), .scalar(let b)):
            #expect(a.string == b.string, "\(file) \(path)")
            // What the loaders read: text, bool and int, as Yams' own resolver gives them.
            #expect(fast.bool == yams.bool && fast.int == yams.int, "\(file) \(path): `\(a.string)`")
            #expect(fast.float == yams.float || (fast.float?.isNaN == true && yams.float?.isNaN == true), "\(file) \(path)")
            // The tag itself, but for what Yams types and fnharden leaves as text (timestamps, 3:25).
            let leftAsText = b.string.contains("-") && b.string.count == 10 || b.string.contains(":")
            #expect(fast.tag.rawValue == yams.tag.rawValue || leftAsText,
                    "\(file) \(path): `\(a.string)` is \(fast.tag.rawValue), Yams says \(yams.tag.rawValue)")
            #expect((fast.null != nil) == (yams.null != nil), "\(file) \(path): `\(a.string)`")
        case (.mapping(let a), .mapping(let b)):
            #expect(a.keys.map(\.string) == b.keys.map(\.string), "\(file) \(path)")
            for ((key, left), (_, right)) in zip(a, b) { assertSame(left, right, path + "." + (key.string ?? "?"), file) }
        case (.sequence(let a), .sequence(let b)):
            #expect(a.count == b.count, "\(file) \(path)")
            for (index, (left, right)) in zip(a, b).enumerated() { assertSame(left, right, "\(path)[\(index)]", file) }
        default:
            Issue.record("\(file) \(path): \(fast) is not \(yams)")
        }
    }

    @Test func everyDataFileComposesAsYamsComposesIt() throws {
        let source = Harness.data
        let paths = source.files(under: "checklists") + source.files(under: "locales")
        #expect(paths.count > 20)
        for path in paths {
            let text = try source.text(of: path)
            let yams = try #require(try Yams.compose(yaml: text), "\(path)")
            assertSame(try #require(try YAMLComposer.compose(text)), yams, "$", path)
        }
        // The YAML 1.1 types the plain scalars take.
        let sample = "[1, -2, +3, 0, 00, 0755, 089, 0x1F, 0b101, 0o17, 1_000, 1.5, 1., .5, +.5, .5e+3, 1e5, 1.0e-3, 1e, 2026.11, "
            + "2026-11-29, .inf, -.inf, .nan, -.nan, ~, null, '', true, No, off, y, n, 1.2.3, 0x, abc, '1', 3:25]"
        assertSame(try #require(try YAMLComposer.compose(sample)), try #require(try Yams.compose(yaml: sample)), "$", "sample")
    }

    /// The compiled data and the same files read with --data-dir give the
    /// same bytes.
    @Test func builtInDataAndDataDirGiveTheSameFiles() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["worst-case.yaml", "premium-hardened.yaml", "flex.json"] {
            for language in ["en", "el"] {
                var outputs: [String: [String: Data]] = [:]
                for (label, extra) in [("built-in", [String]()), ("dir", ["--data-dir", Harness.packageRoot.path])] {
                    let out = folder.appendingPathComponent("\(name)-\(language)-\(label)")
                    let run = try Harness.run(["generate", "--answers", Harness.fixtures.appendingPathComponent("answers/\(name)").path,
                                               "--output", out.path, "--format", "markdown,json,sarif", "--lang", language,
                                               "--as-of", "2026-11-29"] + extra)
                    try #require(run.status == 0, "\(name) \(label): \(run.stderr)")
                    var files: [String: Data] = [:]
                    for path in FileManager.default.subpaths(atPath: out.path) ?? [] {
                        files[path] = FileManager.default.contents(atPath: out.appendingPathComponent(path).path)
                    }
                    outputs[label] = files
                }
                #expect((outputs["built-in"]?.count ?? 0) >= 8)
                #expect(outputs["built-in"] == outputs["dir"], "\(name) in \(language)")
            }
        }
    }

    // MARK: - Answer shapes never mix apps

    /// No condition of the knowledge base reads an identity answer, so two
    /// apps that differ only there get the same checklist (AnswerShape).
    @Test func noConditionReadsAnIdentityAnswer() {
        let kb = Harness.kb
        var conditions: [Condition] = []
        for question in kb.questions {
            conditions += question.when.map { [$0] } ?? []
            conditions += question.conditionalDefaults.map(\.when)
        }
        for item in kb.items {
            conditions += (item.appliesWhen.map { [$0] } ?? []) + [item.satisfiedWhen] + item.fixVariants.map(\.when)
        }
        conditions += kb.notices.map(\.when) + kb.rules.flatMap { [$0.when, $0.require] }
        conditions += kb.snippets.settings.compactMap(\.when)
        let read = Set(conditions.flatMap(\.answerKeys))
        #expect(read.isDisjoint(with: AnswerShape.identityKeys), "\(read.intersection(AnswerShape.identityKeys))")
        #expect(kb.rules.allSatisfy { !AnswerShape.identityKeys.contains($0.at) })
    }

    /// Apps share a shape (and so a checklist) exactly when their answers
    /// other than the identity are the same, byte for byte: whatever order
    /// they came in, and however their texts could run together (a list of
    /// `a, b` is not a list of `a` and `b`; a text holding the key's own
    /// separators is not two answers).
    @Test func appsShareAShapeOnlyWhenTheirAnswersAreTheSame() {
        var generator = SeededGenerator(seed: 20261201)
        let names = ["app.name", "app.location", "review.date", "hosting.plan", "http.cors-origins", "network.inbound", "a", "b"]
        let texts = ["", "a", "b", "a, b", "1", "=", ";", ":", "1:a", "\u{0}", "\u{1}", "a=b\u{1}c", "é", "e\u{301}", "[a]"]
        func text() -> String { texts.randomElement(using: &generator) ?? "" }
        func value() -> AnswerValue {
            switch Int.random(in: 0...5, using: &generator) {
            case 0: return .unknown
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .integer(Int.random(in: -2...2, using: &generator))
            case 3, 4: return .text(text())
            default: return .list((0..<Int.random(in: 0...3, using: &generator)).map { _ in text() })
            }
        }
        /// What the shape stands for, as bytes (String's == would call `é` and `e` + U+0301 the same).
        func exact(_ set: AnswerSet) -> [String] {
            let answers = set.values.filter { !AnswerShape.identityKeys.contains($0.key) }
                .map { name, value -> String in
                    let bytes: String = switch value {
                    case .list(let values): values.map { Array($0.utf8).description }.joined(separator: "|")
                    case .text(let text): Array(text.utf8).description
                    default: value.canonical
                    }
                    return name + " " + String(describing: value).prefix(4) + " " + bytes
                }
                .sorted()
            return answers + set.acceptedRisks.map { [$0.item, $0.owner, $0.reason, $0.expires].map { Array($0.utf8).description }.joined() }
        }
        var sets: [AnswerSet] = []
        for _ in 0..<300 {
            var set = AnswerSet()
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                if let name = names.randomElement(using: &generator) { set.values[name] = value() }
            }
            if Int.random(in: 0...5, using: &generator) == 0 {
                set.acceptedRisks = [AcceptedRisk(item: text(), owner: text(), reason: text(), expires: text())]
            }
            sets.append(set)
        }
        // The same answers given in another order.
        sets += sets.prefix(50).map { set in
            var copy = AnswerSet(acceptedRisks: set.acceptedRisks)
            for (name, value) in set.values.reversed() { copy.values[name] = value }
            return copy
        }
        var shared = 0
        for (index, one) in sets.enumerated() {
            for other in sets[index...] {
                let same = exact(one) == exact(other)
                if same { shared += 1 }
                #expect((AnswerShape.key(of: one) == AnswerShape.key(of: other)) == same, "\(one.values) | \(other.values)")
            }
        }
        #expect(shared > sets.count, "some sets share a shape")
    }

    /// Twelve apps audited together: each app's checklist is the one
    /// `generate` makes from that app's own answers.
    /// A long list of resources is read on every core as it is on one:
    /// the same resources, in the same order, with the same names.
    @Test func aTemplateIsReadOnEveryCoreAsOnOne() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Harness.packageRoot.appendingPathComponent("Benchmarks/make_template.py").path
        let make = try Harness.run([script, "40"], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        let file = folder.appendingPathComponent("apps.json").path
        try Data(make.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let root = try AuditSources.parse(file).get()
        let one = ARMTemplateReader(template: root, file: file, parallelFrom: .max)
        let every = ARMTemplateReader(template: root, file: file, parallelFrom: 1)
        #expect(one.resources.count == 201)  // a plan, and five resources per app
        #expect(one.resources.map(\.type) == every.resources.map(\.type))
        #expect(one.resources.map(\.segments) == every.resources.map(\.segments))
        #expect(one.resources.map(\.path) == every.resources.map(\.path))
        #expect(one.functionApps().map(\.name.value.display) == every.functionApps().map(\.name.value.display))
    }

    /// A template's resources read on every core are the resources read
    /// on one: the same tree, every node at the same line and column; and
    /// a broken template gets the same error at the same place. Over every
    /// real and fixture template, and a generated one broken or dressed
    /// up in a thousand ways (cut short, a byte changed, comments and CRLF
    /// between the resources, brackets and quotes inside strings).
    @Test func aTemplateIsParsedOnEveryCoreAsOnOne() throws {
        func describe(_ node: JSONNode) -> String {
            let place = "\(node.position.line):\(node.position.column)"
            switch node.value {
            case .object(let members):
                return place + "{" + members.map { $0.key.debugDescription + "=" + describe($0.value) }.joined(separator: ",") + "}"
            case .array(let elements): return place + "[" + elements.map(describe).joined(separator: ",") + "]"
            case .string(let text): return place + text.debugDescription
            case .number(let text): return place + "#" + text
            case .bool(let flag): return place + String(flag)
            case .null: return place + "null"
            }
        }
        func same(_ bytes: [UInt8], _ name: String) -> Bool {
            switch (JSONReader.read(bytes, file: name, parallelFrom: .max), JSONReader.read(bytes, file: name, parallelFrom: 1)) {
            case (.success(let one), .success(let every)): return describe(one) == describe(every)
            case (.failure(let one), .failure(let every)): return one == every
            default: return false
            }
        }
        // The repository's own (its fixtures and real templates), and the
        // shared reference templates beside it when the clone has them.
        func json(under folder: URL) -> [URL] {
            let found = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
            return found.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        }
        let own = json(under: Harness.packageRoot.appendingPathComponent("Tests"))
        #expect(own.count > 20)
        for file in own + json(under: Harness.packageRoot.appendingPathComponent("../shared/reference")) {
            let bytes = Array(try Data(contentsOf: file))
            guard bytes.count < 4_000_000 else { continue }
            #expect(same(bytes, file.lastPathComponent), "\(file.path)")
        }
        // A generated template, dressed up and broken.
        let make = try Harness.run([Harness.packageRoot.appendingPathComponent("Benchmarks/make_template.py").path, "6"],
                                   executable: URL(fileURLWithPath: "/usr/bin/python3"))
        let template = make.stdout.replacingOccurrences(of: "\"name\": \"func-bench-0003\"", with: "\"name\": \"a],[\\\"{x}\\\\\"")
        var generator = SeededGenerator(seed: 20261204)
        let dressings: [(String, String)] = [
            ("},\n", "}, /* a comment, with ] and } */\n"), ("},\n", "}, // a comment ]\n"), ("\n", "\r\n"), ("\": ", "\" : "),
        ]
        for round in 0..<600 {
            var text = template
            if let (from, to) = dressings.randomElement(using: &generator), round % 3 != 0 {
                text = text.replacingOccurrences(of: from, with: to)
            }
            var bytes = Array(text.utf8)
            switch round % 4 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            case 1:
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[at] = [UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\\"),
                             UInt8(ascii: "/"), 0x0A, 0x01, 0xC3].randomElement(using: &generator) ?? 0
            default: break
            }
            #expect(same(bytes, "round-\(round).json"), "round \(round)")
        }
    }

    @Test func appsAuditedTogetherGetTheirOwnChecklists() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Harness.packageRoot.appendingPathComponent("Benchmarks/make_template.py").path
        let make = try Harness.run([script, "12"], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        try Data(make.stdout.utf8).write(to: folder.appendingPathComponent("apps.json"))
        let run = try Harness.run(["audit", "apps.json", "--output", "out", "--format", "json", "--snippets", "none",
                                   "--as-of", "2026-11-29"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        for number in 1...12 {
            let app = String(format: "func-bench-%04d", number)
            let again = try Harness.run(["generate", "--answers", "out/\(app)/answers.yaml", "--output", "gen-\(app)", "--format",
                                         "json", "--snippets", "none", "--as-of", "2026-11-29"], in: folder)
            try #require(again.status == 0, "\(app): \(again.stderr)")
            var audited = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("out/\(app)/checklist.json"))) as? [String: Any])
            var generated = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("gen-\(app)/checklist.json"))) as? [String: Any])
            // Same app, same items; only the audit trail and the answers' digest differ.
            #expect((audited["app"] as? [String: Any])?["name"] as? String == app)
            for key in ["audit", "review"] {
                audited[key] = nil
                generated[key] = nil
            }
            #expect(NSDictionary(dictionary: audited) == NSDictionary(dictionary: generated), "\(app)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
