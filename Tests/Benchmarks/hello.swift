// The floor: the least a Swift program with Foundation costs to start and
// print on this machine (the budgets of Tests/README.md are ratios to it).
import Foundation

print("hello, " + (ProcessInfo.processInfo.processIdentifier > 0 ? "world" : ""))
