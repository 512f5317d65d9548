import Synchronization
import Testing

@testable import BacklineApp

/// The line reads wait in under load (`WritesFirstMiddleware`): never more inside than it has permits, first come
/// first served, and nobody left waiting.
@Suite struct AdmissionGateTests {
    @Test func admitsAtMostItsPermitsAndEveryoneInTurn() async throws {
        let gate = AdmissionGate(permits: 2)
        let record = Record()
        // The first two hold their permits until the rest are queued, so the queue's order is the arrival order.
        await gate.enter()
        await gate.enter()
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<6 {
                group.addTask {
                    await gate.enter()
                    record.state.withLock {
                        $0.inside += 1
                        $0.most = max($0.most, $0.inside)
                        $0.order.append(n)
                    }
                    await Task.yield()
                    record.state.withLock { $0.inside -= 1 }
                    gate.leave()
                }
                // Let task n reach the queue before task n + 1 starts.
                while gate.waitingCount < n + 1 { await Task.yield() }
            }
            gate.leave()
            gate.leave()
        }
        #expect(record.state.withLock { $0.order } == [0, 1, 2, 3, 4, 5])
        #expect(record.state.withLock { $0.most } <= 2)
        #expect(gate.waitingCount == 0)
    }

    final class Record: Sendable {
        let state = Mutex((inside: 0, most: 0, order: [Int]()))
    }
}
