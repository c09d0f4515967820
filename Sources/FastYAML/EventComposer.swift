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

    /// A tree built from events: open mappings and sequences on a stack,
    /// each frame mutated in place (an enum payload popped, appended to and
    /// pushed back was copied on every value).
    private struct EventTree {
        struct Frame {
            let isMapping: Bool
            var pairs: [(Node, Node)] = []
            var nodes: [Node] = []
            var key: Node?
        }

        var stack: [Frame] = []
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
                stack.append(Frame(isMapping: true))
            case YAML_SEQUENCE_START_EVENT:
                stack.append(Frame(isMapping: false))
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                guard let frame = stack.popLast() else { return false }
                add(frame.isMapping ? .mapping(.init(frame.pairs, tag(.map), .block)) : .sequence(.init(frame.nodes, tag(.seq), .block)))
            default:
                break
            }
            return false
        }

        private mutating func add(_ node: Node) {
            guard !stack.isEmpty else {
                root = node
                return
            }
            let top = stack.count - 1
            if !stack[top].isMapping {
                stack[top].nodes.append(node)
            } else if let key = stack[top].key {
                stack[top].pairs.append((key, node))
                stack[top].key = nil
            } else {
                stack[top].key = node
            }
        }
    }
}
