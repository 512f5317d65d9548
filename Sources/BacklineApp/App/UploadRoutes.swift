import BacklineCore
import Foundation
import Hummingbird
import NIOCore

/// `/uploads/<sha256>.<ext>`: stored images with their real type and long-lived caching (the name is the
/// content's hash, so it never changes). Only names the server made resolve; anything else is 404.
struct UploadRoutes: Sendable {
    let images: ImageStore

    func register(on router: Router<AppRequestContext>) {
        router.get("/uploads/:name") { request, context -> Response in
            guard let name = context.parameters.get("name"), let image = try await images.image(named: name) else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [.contentType: image.contentType, .cacheControl: "public, max-age=31536000, immutable", .contentDisposition: "inline"],
                body: .init(byteBuffer: ByteBuffer(bytes: image.bytes)))
        }
    }
}
