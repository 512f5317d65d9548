import BacklineCore
import Foundation
import Hummingbird

/// The seller workspace and listing moderation over `/api/v1`: the same services the `/sell` pages call.
struct SellerAPIRoutes: Sendable {
    let shops: ShopService
    let listings: ListingService
    let sellerOrders: SellerOrderService
    let catalog: CatalogService
    let images: ImageStore

    func register(on group: RouterGroup<AppRequestContext>) {
    }
}
