import BacklineCore
import Hummingbird
import Synchronization

/// Puts writes ahead of reads under load.
///
/// Under a full read load every `await` of a request goes to the back of the executor's queue, behind the work of
/// every other connection; a checkout awaits some forty times (each statement of its transaction), so at 64 busy
/// connections it took a second although its own work is 4 ms (issue 15). So reads (GET, HEAD, OPTIONS) are admitted
/// `concurrentReads` at a time and the rest wait their turn outside the executor, in arrival order: the executor's
/// queue stays short and the cores stay just as busy. Requests that may write skip that line and run through
/// `BacklineDatabase.urgently` (high priority, their own SQLite read connection).
struct WritesFirstMiddleware<Context: RequestContext>: RouterMiddleware {
    let database: BacklineDatabase
    let reads: AdmissionGate

    init(database: BacklineDatabase, concurrentReads: Int) {
        self.database = database
        self.reads = AdmissionGate(permits: concurrentReads)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.mayWrite else {
            await reads.enter()
            defer { reads.leave() }
            return try await next(request, context)
        }
        return try await withoutActuallyEscaping(next) { next in
            // `urgently` awaits its task before it returns, so `next` never outlives the call, as the middleware
            // contract requires; the compiler cannot see that through a task.
            nonisolated(unsafe) let next = next
            return try await database.urgently { try await next(request, context) }
        }
    }
}

/// A counting semaphore for async work, first come first served. Entering with a permit free does not suspend.
final class AdmissionGate: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []  // at most one per open connection
    }

    private let state: Mutex<State>

    init(permits: Int) { state = Mutex(State(free: max(1, permits))) }

    func enter() async {
        let admitted = state.withLock { state in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if admitted { return }
        await withCheckedContinuation { continuation in
            // A permit may have come back between the two locks: then go at once.
            let resumeNow = state.withLock { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// How many wait for a permit now.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Hands the permit to the longest waiter, or frees it.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if !state.waiting.isEmpty { return state.waiting.removeFirst() }
            state.free += 1
            return nil
        }
        next?.resume()
    }
}

extension HTTPRequest.Method {
    /// Every method but GET, HEAD and OPTIONS may change something: what `WritesFirstMiddleware` hurries and
    /// `CatalogChangesMiddleware` catches up after, and what `CSRFMiddleware` checks.
    var mayWrite: Bool { ![.get, .head, .options].contains(self) }
}
