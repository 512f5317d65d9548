import BacklineCore
import Foundation
import Testing

@Suite struct ContentSnifferTests {
    let sniffer = try! ContentSniffer()

    @Test func imagesAreKnownByTheirBytes() {
        let png: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
        ]
        #expect(sniffer.mimeType(of: png) == "image/png")
        let gif = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]
        #expect(sniffer.mimeType(of: gif) == "image/gif")
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        #expect(sniffer.mimeType(of: jpeg) == "image/jpeg")
    }

    @Test func disguisedFilesAreNotImages() {
        #expect(sniffer.mimeType(of: Array("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".utf8)) == "text/html")
        #expect(sniffer.mimeType(of: Array("just some text that claims to be a photo.jpg".utf8)) == "text/plain")
        #expect(!sniffer.mimeType(of: Array(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>"#.utf8)).hasPrefix("image/png"))
        #expect(sniffer.mimeType(of: [UInt8]()) == "application/x-empty")
    }
}
