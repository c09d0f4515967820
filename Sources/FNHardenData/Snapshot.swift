/// A compact, ordered encoding of decoded data (the knowledge base, the
/// catalogues), written at build time by `fnharden-compile` and read at
/// start-up instead of the YAML: reading YAML was most of a run's time
/// (BENCHMARKS.md).
///
/// The encoding is UTF-8 text, so that the compiled copy can be a Swift
/// string literal read in place with no decoding step (`StaticString`):
///
/// - an integer is its decimal digits followed by `;` (`-3;`);
/// - a string is its length in UTF-8 bytes, `:`, then its bytes (`5:hello`);
/// - a Boolean is the integer 1 or 0; an optional is 0, or 1 then the value;
/// - an array is its count then its elements; a dictionary is its count then
///   key and value pairs, keys sorted, so that the same data gives the same
///   bytes;
/// - a type of the model writes its stored properties in declaration order
///   (`SnapshotCodable`), an enum its case number first.
///
/// Nothing in it is self-describing: reader and writer are one version of
/// the code, built together. A malformed snapshot is a build fault; it is
/// reported as an error, never a crash.
public protocol SnapshotCodable {
    init(from reader: inout SnapshotReader) throws
    func write(to writer: inout SnapshotWriter)
}

public struct SnapshotError: Error, CustomStringConvertible, Equatable {
    public let offset: Int
    public let problem: String

    public var description: String { "the compiled data is damaged at byte \(offset): \(problem) (rebuild fnharden)" }

    public init(offset: Int, problem: String) {
        self.offset = offset
        self.problem = problem
    }
}

public struct SnapshotWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(UInt8(ascii: ";"))
    }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        bytes.append(contentsOf: String(utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    public mutating func write(_ value: Bool) { write(value ? 1 : 0) }

    public mutating func write<Value: SnapshotCodable>(_ value: Value) { value.write(to: &self) }

    /// The case number of an enum, written before its associated values.
    public mutating func writeCase(_ number: Int) { write(number) }

    /// The encoding as text (it is UTF-8 by construction).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

public struct SnapshotReader {
    // The bytes outlive the reader: a static string's, or a buffer held by
    // `decode(_:from:)` for as long as the reader runs.
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// How far the reader has read, in bytes.
    public var offset: Int { position }

    /// Decodes a value from the compiled data built into the binary.
    public static func decode<Value: SnapshotCodable>(_ type: Value.Type, from compiled: StaticString) throws -> Value {
        guard compiled.hasPointerRepresentation else { throw SnapshotError(offset: 0, problem: "not text") }
        // withUTF8Buffer doesn't rethrow: the result carries the error out.
        return try compiled.withUTF8Buffer { buffer in Result { try decode(type, in: buffer) } }.get()
    }

    /// Decodes a value from bytes a `SnapshotWriter` wrote.
    public static func decode<Value: SnapshotCodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBufferPointer { try decode(type, in: $0) }
    }

    private static func decode<Value: SnapshotCodable>(_ type: Value.Type, in buffer: UnsafeBufferPointer<UInt8>) throws -> Value {
        var reader = SnapshotReader(buffer)
        let value = try Value(from: &reader)
        guard reader.offset == buffer.count else { throw reader.error("\(buffer.count - reader.offset) bytes left over") }
        return value
    }

    // The reading methods are inlinable so that each model type's reader is
    // specialised for its properties: generic calls across modules made
    // decoding three times slower.
    @inlinable
    public func error(_ problem: String) -> SnapshotError { SnapshotError(offset: position, problem: problem) }

    /// Digits up to `terminator`, as a number.
    @inlinable
    mutating func number(until terminator: UInt8) throws -> Int {
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] != terminator {
            let digit = Int(bytes[position]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit), digits < 18 else { throw error("a number was expected") }
            value = value * 10 + digit
            digits += 1
            position += 1
        }
        guard position < bytes.count, digits > 0 else { throw error("a number ends early") }
        position += 1
        return negative ? -value : value
    }

    @inlinable
    public mutating func int() throws -> Int { try number(until: UInt8(ascii: ";")) }

    @inlinable
    public mutating func string() throws -> String {
        let length = try number(until: UInt8(ascii: ":"))
        guard length >= 0, length <= bytes.count - position else { throw error("a string runs past the end") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position ..< position + length]), as: UTF8.self)
        position += length
        return text
    }

    @inlinable
    public mutating func bool() throws -> Bool {
        switch try int() {
        case 0: return false
        case 1: return true
        default: throw error("a Boolean was expected")
        }
    }

    @inlinable
    public mutating func read<Value: SnapshotCodable>(_ type: Value.Type = Value.self) throws -> Value {
        try Value(from: &self)
    }

    /// A count of elements; each needs at least two bytes, which bounds it.
    @inlinable
    public mutating func count() throws -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - position) / 2 + 1 else { throw error("a count of \(count) is impossible") }
        return count
    }

    /// An enum's case number, checked against the number of cases.
    @inlinable
    public mutating func caseNumber(below limit: Int) throws -> Int {
        let number = try int()
        guard (0..<limit).contains(number) else { throw error("no case \(number)") }
        return number
    }
}

// MARK: - Standard types

extension Int: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws { self = try reader.int() }
    public func write(to writer: inout SnapshotWriter) { writer.write(self) }
}

extension String: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws { self = try reader.string() }
    public func write(to writer: inout SnapshotWriter) { writer.write(self) }
}

extension Bool: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws { self = try reader.bool() }
    public func write(to writer: inout SnapshotWriter) { writer.write(self) }
}

extension Optional: SnapshotCodable where Wrapped: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws {
        self = try reader.bool() ? try Wrapped(from: &reader) : nil
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(self != nil)
        if let value = self { value.write(to: &writer) }
    }
}

extension Array: SnapshotCodable where Element: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws {
        let count = try reader.count()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try Element(from: &reader)) }
        self = elements
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(count)
        for element in self { element.write(to: &writer) }
    }
}

extension Dictionary: SnapshotCodable where Key == String, Value: SnapshotCodable {
    @inlinable
    public init(from reader: inout SnapshotReader) throws {
        let count = try reader.count()
        var entries: [String: Value] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.string()
            guard entries.updateValue(try Value(from: &reader), forKey: key) == nil else {
                throw reader.error("the key \(key) is there twice")
            }
        }
        self = entries
    }

    public func write(to writer: inout SnapshotWriter) {
        writer.write(count)
        for key in keys.sorted() {
            writer.write(key)
            self[key]?.write(to: &writer)
        }
    }
}

/// A labelled pair, for the model's `[(String, X)]` lists (tuples can't
/// conform to a protocol).
public struct SnapshotPair<First: SnapshotCodable, Second: SnapshotCodable>: SnapshotCodable {
    public let first: First
    public let second: Second

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    @inlinable
    public init(from reader: inout SnapshotReader) throws {
        first = try First(from: &reader)
        second = try Second(from: &reader)
    }

    public func write(to writer: inout SnapshotWriter) {
        first.write(to: &writer)
        second.write(to: &writer)
    }
}

/// Enums whose raw value is their name in the data write that name.
extension SnapshotCodable where Self: RawRepresentable, RawValue == String {
    @inlinable
    public init(from reader: inout SnapshotReader) throws {
        let name = try reader.string()
        guard let value = Self(rawValue: name) else { throw reader.error("no case named \(name)") }
        self = value
    }

    public func write(to writer: inout SnapshotWriter) { writer.write(rawValue) }
}
