import FNHardenCore
import FNHardenData
import Foundation

/// The repository's knowledge base, read once by each fuzz target: the
/// fuzzers vary their input, not the data. (This file is
/// Tests/Fuzz/Sources/FuzzSupport/FuzzSupport.swift.)
public let repositoryData = DirectoryDataSource(
    root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())

public let knowledgeBase: KnowledgeBase = {
    do {
        return try KnowledgeBaseLoader.load(from: repositoryData)
    } catch {
        // The repository's own data: failing here is a defect of the data, not an input.
        fatalError("the knowledge base does not load: \(error)")
    }
}()

/// libFuzzer's driver, for programs with their own main (libFuzzer's docs:
/// "Using libFuzzer as a library").
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer on `fuzzOne` with the process's arguments, then exits.
public func runFuzzer(_ fuzzOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argc, &argv, fuzzOne))
}
