import CYaml
import Yams

extension YAMLComposer {
    /// Composes the data built into the binary straight from libyaml's
    /// events, without Yams' parser: no marks (the tests read the same files
    /// through `compose`, which keeps them, and report any problem with its
    /// place) and no duplicate-key check (the tests make it). Yams' parser
    /// was three quarters of loading the knowledge base (BENCHMARKS.md).
    public static func composeBuiltIn(_ text: String) throws -> Node? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return try compose(text) }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer -> Node? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = EventTree()
            while true {
                var event = yaml_event_t()
                // A problem: Yams' own parser says what and where.
                guard yaml_parser_parse(&parser, &event) == 1 else { return try compose(text) }
                defer { yaml_event_delete(&event) }
                if builder.take(event) { return builder.root }
            }
        }
    }

    /// A tree built from events: open mappings and sequences on a stack.
    private struct EventTree {
        enum Open {
            case mapping([(Node, Node)], key: Node?)
            case sequence([Node])
        }

        var stack: [Open] = []
        var anchors: [String: Node] = [:]
        var root: Node?

        /// True when the first document is complete.
        mutating func take(_ event: yaml_event_t) -> Bool {
            switch event.type {
            case YAML_STREAM_END_EVENT, YAML_DOCUMENT_END_EVENT:
                return true
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                let name: Tag.Name
                if let tag = data.tag {
                    name = Tag.Name(rawValue: String(cString: tag))
                } else {
                    name = data.style == YAML_PLAIN_SCALAR_STYLE ? resolve(text) : .str
                }
                let node = Node.scalar(.init(text, tag(name), data.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .doubleQuoted))
                if let anchor = data.anchor { anchors[String(cString: anchor)] = node }
                add(node)
            case YAML_ALIAS_EVENT:
                add(anchors[String(cString: event.data.alias.anchor)] ?? .scalar(.init("", tag(.null))))
            case YAML_MAPPING_START_EVENT:
                stack.append(.mapping([], key: nil))
            case YAML_SEQUENCE_START_EVENT:
                stack.append(.sequence([]))
            case YAML_MAPPING_END_EVENT:
                if case .mapping(let pairs, _)? = stack.popLast() { add(.mapping(.init(pairs, tag(.map), .block))) }
            case YAML_SEQUENCE_END_EVENT:
                if case .sequence(let nodes)? = stack.popLast() { add(.sequence(.init(nodes, tag(.seq), .block))) }
            default:
                break
            }
            return false
        }

        private mutating func add(_ node: Node) {
            guard let top = stack.popLast() else {
                root = node
                return
            }
            switch top {
            case .sequence(var nodes):
                nodes.append(node)
                stack.append(.sequence(nodes))
            case .mapping(var pairs, let key):
                if let key {
                    pairs.append((key, node))
                    stack.append(.mapping(pairs, key: nil))
                } else {
                    stack.append(.mapping(pairs, key: node))
                }
            }
        }
    }
}
