// The floor: the least a Swift program with Foundation costs to start and
// print on this machine (issue #10 sets fnharden's targets as ratios to it).
import Foundation

print("hello, " + (ProcessInfo.processInfo.processIdentifier > 0 ? "world" : ""))
