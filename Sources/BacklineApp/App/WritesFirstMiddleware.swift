import Hummingbird

/// Runs every request that may write (all methods but GET, HEAD and OPTIONS) at high task priority.
///
/// Under a full read load both cores are busy rendering pages, and every `await` of a request goes to the back of
/// the executor's queue behind the other connections' work. A checkout awaits some forty times (each statement of
/// its transaction), so at 64 busy connections it took 0.7 s although its own work is 4 ms. Writes are few and
/// short; running them first costs the readers nothing they would notice.
struct WritesFirstMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.mayWrite else { return try await next(request, context) }
        return try await withoutActuallyEscaping(next) { next in
            // The task is awaited before this returns, so `next` never outlives the call, as the middleware contract
            // requires; the compiler cannot see that through a task.
            nonisolated(unsafe) let next = next
            let task = Task(priority: .high) { try await next(request, context) }
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        }
    }
}

extension HTTPRequest.Method {
    /// Every method but GET, HEAD and OPTIONS may change something: what `WritesFirstMiddleware` hurries and
    /// `CatalogChangesMiddleware` catches up after, and what `CSRFMiddleware` checks.
    var mayWrite: Bool { ![.get, .head, .options].contains(self) }
}
