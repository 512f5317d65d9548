import BacklineCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// `GET /api/openapi.json`: the OpenAPI 3.1 document kept in the repository (`docs/openapi.json`, written by
/// `scripts/gen-openapi`), read once at start; and `GET /api/docs`: a reference page rendered from it with Mustache,
/// in the site's layout, without JavaScript.
struct APIDocsRoutes: Sendable {
    let web: WebContext
    /// The document's bytes as they are in the file.
    let document: ByteBuffer
    let etag: String
    let reference: APIReference

    /// Reads and checks the document; a missing or unreadable one stops the start with a clear message.
    init(web: WebContext, documentPath: String) throws {
        guard let data = FileManager.default.contents(atPath: documentPath) else {
            throw APIDocsError("The API description \(documentPath) is missing (RESOURCES_DIR must hold docs/).")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw APIDocsError("The API description \(documentPath) is not a JSON object.")
        }
        self.web = web
        document = ByteBuffer(data: data)
        etag = "\"" + Format.hex(SHA256.hash(data: data)).prefix(24) + "\""
        reference = APIReference(root)
    }

    func register(on router: Router<AppRequestContext>, pages: RouterGroup<AppRequestContext>) {
        router.get("/api/openapi.json", use: openAPI)
        pages.get("/api/docs", use: docs)
    }

    @Sendable func openAPI(request: Request, context: AppRequestContext) async throws -> Response {
        var headers: HTTPFields = [.cacheControl: "public, max-age=3600", .eTag: etag]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
    }

    @Sendable func docs(request: Request, context: AppRequestContext) async throws -> HTML {
        var layout = try await web.layout(title: "API reference — Backline", context: context)
        layout.description = "The reference of Backline's JSON API: every route, parameter, body and answer."
        return try web.render("api/docs", layout: layout, page: reference)
    }
}

struct APIDocsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The document as the reference page shows it: operations grouped by tag, then every schema. Built once at start.
/// Texts that may hold `code` spans are escaped here and rendered raw (`…HTML` fields); everything else is escaped
/// by Mustache.
struct APIReference: Sendable {
    // Field names differ between levels: a nil optional would otherwise be looked up in the enclosing context.
    struct Tag: Sendable {
        let name: String
        let anchor: String
        let tagDescriptionHTML: String?
        let operations: [Operation]
    }

    struct Operation: Sendable {
        let method: String
        let methodClass: String
        let path: String
        let anchor: String
        let summary: String
        let operationDescriptionHTML: String?
        let auth: String?
        let parameters: [Field]
        let hasParameters: Bool
        let body: Body?
        let responses: [Answer]
    }

    struct Field: Sendable {
        let name: String
        let location: String?
        let typeHTML: String
        let required: Bool
        let fieldDescriptionHTML: String
    }

    struct Body: Sendable {
        let mediaType: String
        let bodyRequired: Bool
        let bodyTypeHTML: String
        let fields: [Field]
        let hasFields: Bool
    }

    struct Answer: Sendable {
        let status: String
        let statusClass: String
        let answerDescriptionHTML: String
        let answerMediaType: String?
        let answerTypeHTML: String?
        let headers: String?
    }

    struct Schema: Sendable {
        let name: String
        let anchor: String
        let schemaDescriptionHTML: String?
        let fields: [Field]
        let hasFields: Bool
    }

    struct Link: Sendable {
        let label: String
        let href: String
    }

    let title: String
    let version: String
    let introHTML: String
    let tagLinks: [Link]
    let tags: [Tag]
    let schemas: [Schema]
    let operationCount: Int

    typealias JSON = [String: Any]

    init(_ root: JSON) {
        let info = root["info"] as? JSON ?? [:]
        title = info["title"] as? String ?? "API"
        version = info["version"] as? String ?? ""
        introHTML = Self.blockHTML(info["description"] as? String ?? "")
        let components = root["components"] as? JSON ?? [:]
        let resolver = Resolver(components: components)

        // Operations in the document's path order, grouped under the tags in their declared order.
        let methods = ["get", "post", "put", "patch", "delete"]
        var byTag: [String: [Operation]] = [:]
        let paths = root["paths"] as? JSON ?? [:]
        for path in paths.keys.sorted() {
            guard let item = paths[path] as? JSON else { continue }
            for method in methods {
                guard let op = item[method] as? JSON else { continue }
                let tag = (op["tags"] as? [String])?.first ?? "Other"
                byTag[tag, default: []].append(resolver.operation(op, method: method, path: path))
            }
        }
        var declared: [(String, String)] = (root["tags"] as? [JSON] ?? []).compactMap { tag in
            guard let name = tag["name"] as? String else { return nil }
            return (name, tag["description"] as? String ?? "")
        }
        for name in byTag.keys.sorted() where !declared.contains(where: { $0.0 == name }) { declared.append((name, "")) }
        tags = declared.compactMap { name, description in
            guard let operations = byTag[name], !operations.isEmpty else { return nil }
            return Tag(name: name, anchor: "tag-" + Self.slug(name), tagDescriptionHTML: Self.optionalHTML(description), operations: operations)
        }
        tagLinks = tags.map { Link(label: $0.name, href: "#" + $0.anchor) }
        operationCount = tags.reduce(0) { $0 + $1.operations.count }
        let schemas = components["schemas"] as? JSON ?? [:]
        self.schemas = schemas.keys.sorted().map { name in
            let schema = schemas[name] as? JSON ?? [:]
            let fields = resolver.fields(of: schema)
            return Schema(
                name: name, anchor: "schema-" + name, schemaDescriptionHTML: Self.optionalHTML(resolver.description(of: schema)),
                fields: fields, hasFields: !fields.isEmpty)
        }
    }

    /// Reads operations, parameters and schemas, following `$ref`s into the components.
    struct Resolver {
        let components: JSON

        func resolve(_ object: JSON) -> JSON {
            guard let ref = object["$ref"] as? String else { return object }
            let parts = ref.split(separator: "/").map(String.init)
            guard parts.count == 4, parts[0] == "#", parts[1] == "components" else { return object }
            return (components[parts[2]] as? JSON)?[parts[3]] as? JSON ?? object
        }

        func operation(_ op: JSON, method: String, path: String) -> Operation {
            let parameters = (op["parameters"] as? [JSON] ?? []).map(resolve).map { parameter in
                let schema = parameter["schema"] as? JSON ?? [:]
                return Field(
                    name: parameter["name"] as? String ?? "", location: parameter["in"] as? String, typeHTML: typeHTML(schema),
                    required: parameter["required"] as? Bool ?? false,
                    fieldDescriptionHTML: APIReference.inlineHTML(
                        [parameter["description"] as? String ?? "", constraints(schema)].filter { !$0.isEmpty }.joined(separator: " ")))
            }
            var body: Body?
            if let requestBody = (op["requestBody"] as? JSON).map(resolve), let content = requestBody["content"] as? JSON,
                let mediaType = content.keys.sorted().first
            {
                let schema = (content[mediaType] as? JSON)?["schema"] as? JSON ?? [:]
                let fields = fields(of: schema)
                body = Body(
                    mediaType: mediaType, bodyRequired: requestBody["required"] as? Bool ?? false, bodyTypeHTML: typeHTML(schema), fields: fields,
                    hasFields: !fields.isEmpty)
            }
            let responses = op["responses"] as? JSON ?? [:]
            let answers = responses.keys.sorted().map { status -> Answer in
                let response = resolve(responses[status] as? JSON ?? [:])
                let content = response["content"] as? JSON ?? [:]
                let mediaType = content.keys.sorted().first
                let schema = mediaType.flatMap { (content[$0] as? JSON)?["schema"] as? JSON }
                let headers = (response["headers"] as? JSON)?.keys.sorted().joined(separator: ", ")
                let code = Int(status) ?? 0
                return Answer(
                    status: status, statusClass: code < 300 ? "status-paid" : code < 500 ? "status-pending" : "status-cancelled",
                    answerDescriptionHTML: APIReference.inlineHTML(response["description"] as? String ?? ""), answerMediaType: mediaType,
                    answerTypeHTML: schema.map(typeHTML), headers: headers.flatMap { $0.isEmpty ? nil : $0 })
            }
            let secured = (op["security"] as? [JSON])?.contains { !$0.isEmpty } ?? false
            let methodClass =
                switch method {
                case "get": "status-shipped"
                case "delete": "status-cancelled"
                default: "status-pending"
                }
            return Operation(
                method: method.uppercased(), methodClass: methodClass, path: path,
                anchor: "op-" + (op["operationId"] as? String ?? APIReference.slug(method + path)), summary: op["summary"] as? String ?? "",
                operationDescriptionHTML: APIReference.optionalHTML(op["description"] as? String ?? ""), auth: secured ? "Bearer token" : nil,
                parameters: parameters, hasParameters: !parameters.isEmpty, body: body, responses: answers)
        }

        /// The fields of an object schema: its properties, those of every `allOf` part, through `$ref`s. The fields of an
        /// object written in place (not a named schema) follow their parent's row, named `parent.field` (`parent[].field`
        /// in an array).
        func fields(of schema: JSON, prefix: String = "") -> [Field] {
            let schema = resolve(schema)
            if let parts = schema["allOf"] as? [JSON] { return parts.flatMap { fields(of: $0, prefix: prefix) } }
            guard let properties = schema["properties"] as? JSON else { return [] }
            let required = Set(schema["required"] as? [String] ?? [])
            return properties.keys.sorted().flatMap { name -> [Field] in
                let property = properties[name] as? JSON ?? [:]
                let field = Field(
                    name: prefix + name, location: nil, typeHTML: typeHTML(property), required: required.contains(name),
                    fieldDescriptionHTML: APIReference.inlineHTML(
                        [description(of: property), constraints(property)].filter { !$0.isEmpty }.joined(separator: " ")))
                let value = (property["anyOf"] as? [JSON])?.first { $0["type"] as? String != "null" } ?? property
                if value["properties"] != nil { return [field] + fields(of: value, prefix: prefix + name + ".") }
                if let items = value["items"] as? JSON, items["properties"] != nil {
                    return [field] + fields(of: items, prefix: prefix + name + "[].")
                }
                return [field]
            }
        }

        func description(of schema: JSON) -> String {
            if let text = schema["description"] as? String { return text }
            for key in ["anyOf", "allOf"] {
                if let text = (schema[key] as? [JSON])?.lazy.compactMap({ $0["description"] as? String }).first { return text }
            }
            return ""
        }

        /// Enumerations, ranges and formats, in words.
        func constraints(_ schema: JSON) -> String {
            let schema = (schema["anyOf"] as? [JSON])?.first { $0["type"] as? String != "null" } ?? schema
            var words: [String] = []
            if let values = schema["enum"] as? [Any] ?? ((schema["items"] as? JSON)?["enum"] as? [Any]) {
                words.append("One of " + values.map { "`\($0)`" }.joined(separator: ", ") + ".")
            }
            switch (schema["minimum"], schema["maximum"]) {
            case let (low?, high?): words.append("From \(low) to \(high).")
            case let (low?, nil): words.append("At least \(low).")
            case let (nil, high?): words.append("At most \(high).")
            default: break
            }
            if let length = schema["maxLength"] { words.append("At most \(length) characters.") }
            if let pattern = schema["pattern"] as? String { words.append("Matches `\(pattern)`.") }
            if let examples = schema["examples"] as? [Any], let first = examples.first { words.append("Example: `\(first)`.") }
            return words.joined(separator: " ")
        }

        /// A schema's type in a few words, linking named schemas: `array of <a>Product</a>`, `string or null`.
        func typeHTML(_ schema: JSON) -> String {
            if let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last {
                let escaped = HTML.escape(String(name))
                return "<a href=\"#schema-\(escaped)\">\(escaped)</a>"
            }
            if let parts = schema["anyOf"] as? [JSON] ?? schema["oneOf"] as? [JSON] { return parts.map(typeHTML).joined(separator: " or ") }
            if let parts = schema["allOf"] as? [JSON] { return parts.map(typeHTML).joined(separator: " and ") }
            let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? ["any"]
            return types.map { type -> String in
                switch type {
                case "array": return "array of " + typeHTML(schema["items"] as? JSON ?? [:])
                case "object": return "object"  // its fields follow as rows of their own
                default:
                    guard let format = schema["format"] as? String else { return type }
                    return "\(type) (\(HTML.escape(format)))"
                }
            }.joined(separator: " or ")
        }
    }

    // MARK: Text

    /// Escaped text with `code` spans.
    static func inlineHTML(_ text: String) -> String {
        let pieces = HTML.escape(text).split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return HTML.escape(text) }
        return pieces.enumerated().map { index, piece in
            // Odd pieces were between backticks; an unpaired last one stays as it was.
            index % 2 == 1 && index < pieces.count - 1 ? "<code>\(piece)</code>" : (index % 2 == 1 ? "`" + piece : String(piece))
        }.joined()
    }

    static func optionalHTML(_ text: String) -> String? { text.isEmpty ? nil : inlineHTML(text) }

    /// Paragraphs and `- ` lists (continued by indented lines), as the document's description writes them.
    static func blockHTML(_ text: String) -> String {
        var html = ""
        var items: [String] = []
        var paragraph: [String] = []
        func flushParagraph() {
            if !paragraph.isEmpty { html += "<p>" + inlineHTML(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            if !items.isEmpty { html += "<ul>\n" + items.map { "<li>" + inlineHTML($0) + "</li>\n" }.joined() + "</ul>\n" }
            items = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flushParagraph()
                flushList()
            } else if trimmed.hasPrefix("- ") {
                flushParagraph()
                items.append(String(trimmed.dropFirst(2)))
            } else if line.hasPrefix(" "), !items.isEmpty {
                items[items.count - 1] += " " + trimmed
            } else {
                flushList()
                paragraph.append(trimmed)
            }
        }
        flushParagraph()
        flushList()
        return html
    }

    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}

// Reflection-free lookups for the reference page (Mirror made rendering it ten times slower).
extension APIReference.Tag: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "anchor": anchor
        case "tagDescriptionHTML": tagDescriptionHTML
        case "operations": operations
        default: nil
        }
    }
}

extension APIReference.Operation: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "method": method
        case "methodClass": methodClass
        case "path": path
        case "anchor": anchor
        case "summary": summary
        case "operationDescriptionHTML": operationDescriptionHTML
        case "auth": auth
        case "parameters": parameters
        case "hasParameters": hasParameters
        case "body": body
        case "responses": responses
        default: nil
        }
    }
}

extension APIReference.Field: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "location": location
        case "typeHTML": typeHTML
        case "required": required
        case "fieldDescriptionHTML": fieldDescriptionHTML
        default: nil
        }
    }
}

extension APIReference.Body: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "mediaType": mediaType
        case "bodyRequired": bodyRequired
        case "bodyTypeHTML": bodyTypeHTML
        case "fields": fields
        case "hasFields": hasFields
        default: nil
        }
    }
}

extension APIReference.Answer: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "status": status
        case "statusClass": statusClass
        case "answerDescriptionHTML": answerDescriptionHTML
        case "answerMediaType": answerMediaType
        case "answerTypeHTML": answerTypeHTML
        case "headers": headers
        default: nil
        }
    }
}

extension APIReference.Schema: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "anchor": anchor
        case "schemaDescriptionHTML": schemaDescriptionHTML
        case "fields": fields
        case "hasFields": hasFields
        default: nil
        }
    }
}

extension APIReference.Link: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "href": href
        default: nil
        }
    }
}

extension APIReference: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "version": version
        case "introHTML": introHTML
        case "tagLinks": tagLinks
        case "tags": tags
        case "schemas": schemas
        case "operationCount": operationCount
        default: nil
        }
    }
}
