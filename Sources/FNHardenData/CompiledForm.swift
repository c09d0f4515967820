import Foundation

/// The compiled form of decoded data (the knowledge base, the catalogues):
/// JSON written at build time by `fnharden-compile` from the model types'
/// own `Codable` conformance, and embedded in the binary as a string
/// literal, so that an installed `fnharden` needs no files beside it and
/// reads no YAML at start-up. Keys are sorted, so the same data gives the
/// same bytes.
public enum CompiledForm {
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from compiled: StaticString) throws -> Value {
        let data = compiled.withUTF8Buffer { Data($0) }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CompiledFormError(problem: "\(error)")
        }
    }
}

/// The compiled data doesn't decode: a build fault, reported, never a crash.
public struct CompiledFormError: Error, CustomStringConvertible, Equatable {
    public let problem: String

    public var description: String { "the compiled data is damaged (rebuild fnharden): \(problem)" }
}
