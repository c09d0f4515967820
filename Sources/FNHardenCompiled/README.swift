// The compiled knowledge base and catalogues are generated into this target
// by the CompileData build plugin (Sources/CompileDataPlugin).
