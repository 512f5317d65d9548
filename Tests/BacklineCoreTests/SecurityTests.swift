import BacklineTestSupport
import Foundation
import SQLKit
import Testing

@testable import BacklineCore

/// Findings of the outside probe (issue 14) that the core's rules answer: image headers, sign-in throttling, the
/// decoy hash, reset links, bounded caches.
@Suite struct SecurityTests {
    /// A PNG whose IHDR claims 4,294,967,295 × 4,294,967,295 pixels: its product overflowed and stopped the server.
    static let overflowingPNG: [UInt8] =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8,
            6, 0, 0, 0,
        ]
        + [UInt8](repeating: 0, count: 28)

    @Test func imageDimensionsNeverOverflow() async throws {
        #expect(!ImageStore.acceptable(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF))
        #expect(!ImageStore.acceptable(width: Int.max, height: 2))
        #expect(!ImageStore.acceptable(width: 0, height: 10))
        #expect(ImageStore.acceptable(width: 4_000, height: 3_000))
        let store = ImageStore(
            storage: LocalDirectoryStorage(directory: NSTemporaryDirectory() + "backline-\(UUID().uuidString)"), sniffer: try ContentSniffer())
        await #expect(throws: ImageError.badDimensions) { _ = try await store.store(Self.overflowingPNG) }
    }

    @Test func theDecoyHashCostsWhatRealHashesCost() async throws {
        try await withCoreServices(configure: { $0.bcryptCost = 5 }) { services in
            let real = try await services.accounts.hashPassword("secret123")
            let decoy = try await services.accounts.decoyHash()
            #expect(decoy.split(separator: "$")[1] == real.split(separator: "$")[1])
            #expect(decoy.split(separator: "$")[1] == "05" && decoy.hasPrefix("$2"))
        }
    }

    /// Failures of one account from elsewhere never keep its owner out; one person's failures never lock another account
    /// behind the same address; past the (much higher) per-address ceiling that address is refused.
    @Test func signInThrottlingKeepsOwnersIn() async throws {
        try await withCoreServices(configure: { $0.throttleLimits.failuresPerAddress = 12 }) { services in
            let accounts = services.accounts
            for email in ["victim@example.com", "colleague@example.com"] {
                _ = try await accounts.createUser(email: email, password: "secret123", displayName: "V", role: .customer)
            }
            for _ in 0..<5 {
                await #expect(throws: AccountError.invalidCredentials) {
                    _ = try await accounts.signIn(email: "victim@example.com", password: "wrong-pass1", clientAddress: "203.0.113.66")
                }
            }
            /// Seconds the sign-in was told to wait (0: it was not throttled).
            func waitAsked(_ email: String, from address: String) async throws -> Int {
                do { _ = try await accounts.signIn(email: email, password: "secret123", clientAddress: address) } catch AccountError.throttled(
                    let seconds)
                {
                    return seconds
                }
                return 0
            }
            // The attacker's address waits now, with a delay that grows...
            #expect((1...30).contains(try await waitAsked("victim@example.com", from: "203.0.113.66")))
            // ...but the owner, elsewhere, signs in; and a colleague behind the attacker's address too.
            #expect(
                try await accounts.signIn(email: "victim@example.com", password: "secret123", clientAddress: "198.51.100.7").email
                    == "victim@example.com")
            #expect(
                try await accounts.signIn(email: "colleague@example.com", password: "secret123", clientAddress: "203.0.113.66").email
                    == "colleague@example.com")
            // The per-address ceiling (12 here) counts failures over every account.
            for index in 0..<7 {
                await #expect(throws: AccountError.invalidCredentials) {
                    _ = try await accounts.signIn(email: "nobody\(index)@example.com", password: "wrong-pass1", clientAddress: "203.0.113.66")
                }
            }
            #expect(
                (800...900).contains(try await waitAsked("colleague@example.com", from: "203.0.113.66")),
                "the address waits for the rest of its window")
        }
    }

    @Test func backoffDoublesAndStaysInsideTheWindow() {
        let rule = Throttle.Rule(limit: 5, window: 900, backoff: 30)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(rule.allowedAgain(count: 4, start: start, last: start) == nil)
        #expect(rule.allowedAgain(count: 5, start: start, last: start) == start.addingTimeInterval(30))
        #expect(rule.allowedAgain(count: 6, start: start, last: start) == start.addingTimeInterval(60))
        #expect(rule.allowedAgain(count: 1_000_000, start: start, last: start) == start.addingTimeInterval(900))
    }

    /// Every reset or password change voids every outstanding reset link.
    @Test func resetLinksDieWithTheNextResetOrPasswordChange() async throws {
        try await withCoreServices { services in
            let accounts = services.accounts
            _ = try await accounts.createUser(email: "reset@example.com", password: "secret123", displayName: "R", role: .customer)
            func link() async throws -> String {
                try await accounts.requestPasswordReset(email: "reset@example.com", clientAddress: "192.0.2.1")
                let mail = try #require(try await services.outbox.latest(1, to: "reset@example.com").first)
                return String(mail.body.components(separatedBy: "token=").last!.prefix { !$0.isWhitespace })
            }
            let a = try await link()
            let b = try await link()
            try await accounts.resetPassword(token: b, newPassword: "second123")
            await #expect(throws: AccountError.invalidToken) { try await accounts.resetPassword(token: a, newPassword: "first1234") }

            let c = try await link()
            let user = try #require(try await accounts.authenticate(email: "reset@example.com", password: "second123").id)
            try await accounts.changePassword(userID: user, current: "second123", new: "changed123", keepSession: nil)
            await #expect(throws: AccountError.invalidToken) { try await accounts.resetPassword(token: c, newPassword: "third1234") }
            #expect(try await accounts.authenticate(email: "reset@example.com", password: "changed123").email == "reset@example.com")
        }
    }

    @Test func storedPagesAreBoundedByBytes() {
        var store = ByteBoundedStore<String>(budget: 10_000)
        store.store(String(repeating: "a", count: 100), for: "one", keyBytes: 3)
        #expect(store["one"] != nil)
        store.store(String(repeating: "b", count: 2_000), for: "huge", keyBytes: 4)  // over an eighth of the budget: not kept
        #expect(store["huge"] == nil)
        for index in 0..<20 { store.store(String(repeating: "c", count: 500), for: "k\(index)", keyBytes: 3) }
        #expect(store["one"] == nil, "the store started over instead of growing")
        #expect(store["k19"] != nil)
    }

    /// Catalog text parameters are bounded: the API refuses longer ones, pages drop them.
    @Test func catalogParametersAreBounded() throws {
        let long = String(repeating: "x", count: 60_000)
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse([("brand", long)], strict: true) }
        #expect(try CatalogQuery.parse([("brand", long), ("brand", "Fender")], strict: false).brands == ["Fender"])
        let many = (0..<30).map { ("brand", "Brand \($0)") }
        #expect(throws: QueryProblems.self) { try CatalogQuery.parse(many, strict: true) }
        #expect(try CatalogQuery.parse(many, strict: false).brands.count == CatalogQuery.maxBrands)
        #expect(try CatalogQuery.parse([("q", long)], strict: false).text?.count == CatalogQuery.maxTextLength)
    }
}
