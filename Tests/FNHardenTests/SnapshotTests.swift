import FNHardenCompiled
import FNHardenCore
import FNHardenData
import FNHardenL10n
import Foundation
import Testing

/// The knowledge base and catalogues compiled into the binary at build time
/// (FNHardenCompiled, Snapshot.swift) against the YAML they were compiled
/// from, which `--data-dir` reads.
@Suite struct SnapshotTests {
    /// Every stored property of a value, recursively, with dictionaries in
    /// key order: two values with the same text hold the same data.
    static func canonical(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { canonical($0.value) } ?? "nil"
        case .dictionary, .set:
            return "[" + mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "]"
        case .collection:
            return "[" + mirror.children.map { canonical($0.value) }.joined(separator: ", ") + "]"
        case .enum:
            guard let payload = mirror.children.first else { return "\(type(of: value)).\(value)" }
            return "\(type(of: value)).\(payload.label ?? "?")(\(canonical(payload.value)))"
        case .struct, .class, .tuple:
            return "\(type(of: value))(" + mirror.children.map { ($0.label ?? "_") + ": " + canonical($0.value) }
                .joined(separator: ", ") + ")"
        default:
            return String(reflecting: value)
        }
    }

    static func encoded<Value: SnapshotCodable>(_ value: Value) -> [UInt8] {
        var writer = SnapshotWriter()
        writer.write(value)
        return writer.bytes
    }

    static func bytes(_ compiled: StaticString) -> [UInt8] {
        compiled.withUTF8Buffer { Array($0) }
    }

    @Test func theCompiledKnowledgeBaseIsTheYAML() throws {
        let compiled = try SnapshotReader.decode(KnowledgeBase.self, from: CompiledData.knowledgeBase)
        #expect(Self.canonical(compiled) == Self.canonical(Harness.kb))
        // A file added or removed is compiled only after Package.swift is touched (SwiftPM plugin limit).
        #expect(Self.encoded(Harness.kb) == Self.bytes(CompiledData.knowledgeBase),
                "the compiled knowledge base is stale: touch Package.swift and rebuild")
        #expect(Self.encoded(compiled) == Self.bytes(CompiledData.knowledgeBase))
    }

    @Test func theCompiledCataloguesAreTheYAML() throws {
        #expect(CompiledData.catalogues.map(\.language) == Catalog.languages(in: Harness.data).sorted())
        for (language, snapshot) in CompiledData.catalogues {
            let compiled = try SnapshotReader.decode(Catalog.self, from: snapshot)
            let yaml = try Catalog.load(language: language, from: Harness.data)
            #expect(compiled.entries.count > 500)
            #expect(Self.canonical(compiled) == Self.canonical(yaml), "\(language)")
            #expect(Self.encoded(yaml) == Self.bytes(snapshot), "locales/\(language) is stale: touch Package.swift and rebuild")
        }
    }

    /// The canonical text is a real comparison: one letter of the last source URL differs.
    @Test func theComparisonSeesOneChangedLetter() throws {
        let kb = Harness.kb
        var bytes = Self.encoded(kb)
        let text = String(decoding: bytes, as: UTF8.self)
        let range = try #require(text.range(of: "learn.microsoft.com", options: .backwards))
        bytes[text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)] = UInt8(ascii: "L")
        let changed = try SnapshotReader.decode(KnowledgeBase.self, from: bytes)
        #expect(Self.canonical(changed) != Self.canonical(kb))
        #expect(Self.canonical(try SnapshotReader.decode(KnowledgeBase.self, from: Self.encoded(kb))) == Self.canonical(kb))
    }

    @Test func theEncodingIsAsDocumented() throws {
        var writer = SnapshotWriter()
        writer.write(-3)
        writer.write("Ασφάλεια")
        writer.write(true)
        writer.write(["b": 2, "a": 1])
        writer.write([Int?.none, 7])
        #expect(writer.text == "-3;16:Ασφάλεια1;2;1:a1;1:b2;2;0;1;7;")
        struct Sample: SnapshotCodable, Equatable {
            let number: Int, text: String, flag: Bool, map: [String: Int], list: [Int?]
            init(number: Int, text: String, flag: Bool, map: [String: Int], list: [Int?]) {
                (self.number, self.text, self.flag, self.map, self.list) = (number, text, flag, map, list)
            }
            init(from reader: inout SnapshotReader) throws {
                self.init(number: try reader.read(), text: try reader.read(), flag: try reader.read(), map: try reader.read(),
                          list: try reader.read())
            }
            func write(to writer: inout SnapshotWriter) {}
        }
        let sample = try SnapshotReader.decode(Sample.self, from: writer.bytes)
        #expect(sample == Sample(number: -3, text: "Ασφάλεια", flag: true, map: ["a": 1, "b": 2], list: [nil, 7]))
    }

    /// A damaged snapshot is an error with its offset, never a crash: every
    /// truncation of the real one, and bytes changed at random.
    @Test func aDamagedSnapshotIsAnErrorNotACrash() throws {
        let bytes = Self.bytes(CompiledData.knowledgeBase)
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(throws: SnapshotError.self) { try SnapshotReader.decode(KnowledgeBase.self, from: Array(bytes[..<length])) }
        }
        #expect(throws: SnapshotError.self) { try SnapshotReader.decode(KnowledgeBase.self, from: bytes + [UInt8(ascii: "0")]) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = bytes
            for _ in 0..<3 {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            // Decoding may succeed (a letter of a title changed) or fail; it must not trap.
            _ = try? SnapshotReader.decode(KnowledgeBase.self, from: damaged)
        }
        let error = try #require(throws: SnapshotError.self) { try SnapshotReader.decode(Int.self, from: Array("12".utf8)) }
        #expect(error.description == "the compiled data is damaged at byte 2: a number ends early (rebuild fnharden)")
    }
}
