import CYaml

/// Answers files take plain values: an anchor or an alias is refused before
/// Yams composes the document. Composing follows aliases (an alias as a
/// mapping key is hashed in full), so a small file of nested aliases can
/// take exponential time; the fuzzer found one (Fuzz/, a mutated alias bomb).
/// The scan reads libyaml's event stream once, in linear time.
enum AliasScan {
    /// The position of the first anchor or alias, or nil when there is none
    /// (or the YAML is broken there: composing reports that problem).
    static func firstAnchorOrAlias(in text: String) -> Position? {
        // No `&` and no `*`, no anchor and no alias: most files skip the parse.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") }) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Position? in
            guard let base = buffer.baseAddress else { return nil }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, base, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let mark = Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_ALIAS_EVENT:
                    return mark
                case YAML_SCALAR_EVENT where event.data.scalar.anchor != nil,
                     YAML_SEQUENCE_START_EVENT where event.data.sequence_start.anchor != nil,
                     YAML_MAPPING_START_EVENT where event.data.mapping_start.anchor != nil:
                    return mark
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    continue
                }
            }
            return nil
        }
    }
}
