import BacklineCore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A posted form: URL-encoded fields, or multipart fields and files. Bodies are read once, with a limit.
struct FormData: Sendable {
    struct File: Sendable {
        let filename: String?
        let contentType: String?
        let bytes: ByteBuffer
    }

    var fields: [(String, String)] = []
    var files: [String: File] = [:]

    /// The last value of a field (forms send one), nil when absent.
    subscript(_ name: String) -> String? { fields.last { $0.0 == name }?.1 }

    /// Every value of a repeated field.
    func all(_ name: String) -> [String] { fields.filter { $0.0 == name }.map(\.1) }

    /// The small-form limit; upload routes pass their own.
    static let defaultLimit = 64 * 1024

    /// Reads the request body as a form. Too large → 413; not a form → 415; a broken multipart body → 400.
    static func read(_ request: inout Request, limit: Int = defaultLimit) async throws -> FormData {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPError(.contentTooLarge, message: "That upload is too large (the limit is \(limit / 1024 / 1024) MiB).")
        }
        if contentType.hasPrefix("application/x-www-form-urlencoded") || (contentType.isEmpty && body.readableBytes == 0) {
            return FormData(fields: QueryString.parse(String(buffer: body)))
        }
        // The boundary is case-sensitive (browsers send `----WebKitFormBoundaryAbC…`): read it from the header as sent.
        if contentType.hasPrefix("multipart/form-data"), let boundary = boundary(request.headers[.contentType] ?? "") {
            return try parseMultipart(body, boundary: boundary)
        }
        throw HTTPError(.unsupportedMediaType, message: "Send the form as application/x-www-form-urlencoded or multipart/form-data.")
    }

    static func boundary(_ contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var value = String(contentType[range.upperBound...].prefix { $0 != ";" })
        if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty || value.count > 200 ? nil : value
    }

    static func parseMultipart(_ body: ByteBuffer, boundary: String) throws -> FormData {
        final class Collector {
            var form = FormData()
            var headers: [String: String] = [:]
            var data = ByteBuffer()
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers[name.lowercased()] = value }
        parser.onBody = { buffer in collector.data.writeBuffer(&buffer) }
        parser.onPartComplete = {
            defer {
                collector.headers = [:]
                collector.data = ByteBuffer()
            }
            guard let disposition = collector.headers["content-disposition"], let name = parameter("name", in: disposition) else { return }
            if let filename = parameter("filename", in: disposition) {
                collector.form.files[name] = File(filename: filename, contentType: collector.headers["content-type"], bytes: collector.data)
            } else {
                collector.form.fields.append((name, QueryString.withoutNUL(String(buffer: collector.data))))
            }
        }
        // MultipartKit 4.7 traps (index out of range) on a part header byte above 0x7F: such a body is refused first.
        guard partHeadersAreASCII(body, boundary: boundary) else { throw HTTPError(.badRequest, message: "The multipart body could not be read.") }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "The multipart body could not be read.")
        }
        return collector.form
    }

    /// Whether every part's header block (from a boundary to the blank line after it) is ASCII.
    static func partHeadersAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let bytes = body.readableBytesView
        let delimiter = Array(("--" + boundary).utf8)
        let blankLine: [UInt8] = [13, 10, 13, 10]
        var searchFrom = bytes.startIndex
        while let found = bytes[searchFrom...].firstRange(of: delimiter) {
            let headersEnd = bytes[found.upperBound...].firstRange(of: blankLine)?.lowerBound ?? bytes.endIndex
            if bytes[found.upperBound..<headersEnd].contains(where: { $0 >= 0x80 }) { return false }
            searchFrom = headersEnd
        }
        return true
    }

    /// `name="avatar"` from a Content-Disposition header.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = String(pair[1])
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
