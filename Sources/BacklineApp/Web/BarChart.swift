import BacklineCore
import Foundation

/// A bar chart drawn on the server as inline SVG: a title, a value axis with round gridlines, labelled bars and a
/// `<title>` on each bar (its tooltip), readable with JavaScript and CSS off. Dashboards and reports share it.
struct BarChart: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: Int
        /// What the bar's tooltip and the screen-reader table say ("Nov 3: $1,249.00").
        let detail: String
    }

    let title: String
    let bars: [Bar]
    /// How an axis value reads ("$1.2k", "12").
    let axisLabel: @Sendable (Int) -> String
    /// Show every n-th label on the category axis, so thirty days stay legible.
    var labelEvery = 1

    private static let width = 720.0, height = 260.0
    private static let left = 64.0, right = 12.0, top = 36.0, bottom = 40.0

    /// Bars across with their labels on the left: for long category names and short lists.
    var horizontal = false

    /// The chart's markup. Every text is escaped here: the result is inserted unescaped (`{{{svg}}}`).
    var svg: String { horizontal ? horizontalSVG : verticalSVG }

    /// Horizontal bars: a row a bar, label on the left, the value written at the bar's end.
    private var horizontalSVG: String {
        // Narrower than the vertical chart: these usually sit two to a row, and text shrinks with the drawing.
        let width = 480.0, labelWidth = 130.0, row = 26.0, top = 32.0, valueSpace = 64.0
        let height = top + row * Double(max(bars.count, 1)) + 8
        let plotWidth = width - labelWidth - valueSpace
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-\(id)-title" xmlns="http://www.w3.org/2000/svg">
            <title id="chart-\(id)-title">\(HTML.escape(title))</title>
            <text class="chart-title" x="0" y="20">\(HTML.escape(title))</text>
            """
        for (index, bar) in bars.enumerated() {
            let y = top + row * Double(index)
            let w = plotWidth * Double(bar.value) / Double(maximum)
            out +=
                "<text class=\"chart-axis chart-label\" x=\"\(Int(labelWidth) - 8)\" y=\"\(Self.f(y + 17))\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            out +=
                "<rect class=\"chart-bar\" x=\"\(Int(labelWidth))\" y=\"\(Self.f(y + 4))\" width=\"\(Self.f(max(w, bar.value > 0 ? 1 : 0)))\" height=\"18\" rx=\"2\"><title>\(HTML.escape(bar.detail))</title></rect>"
            out +=
                "<text class=\"chart-axis\" x=\"\(Self.f(labelWidth + w + 6))\" y=\"\(Self.f(y + 17))\">\(HTML.escape(axisLabel(bar.value)))</text>"
        }
        return out + "</svg>"
    }

    private var verticalSVG: String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let maximum = Self.niceCeiling(bars.map(\.value).max() ?? 0)
        let slot = plotWidth / Double(max(bars.count, 1))
        let barWidth = max(2, slot * 0.7)
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" aria-labelledby="chart-\(id)-title" xmlns="http://www.w3.org/2000/svg">
            <title id="chart-\(id)-title">\(HTML.escape(title))</title>
            <text class="chart-title" x="\(Int(Self.left))" y="20">\(HTML.escape(title))</text>
            """
        for step in 0...4 {
            let value = maximum / 4 * step
            let y = Self.top + plotHeight - plotHeight * Double(step) / 4
            out +=
                "<line class=\"chart-grid\" x1=\"\(Int(Self.left))\" x2=\"\(Int(Self.width - Self.right))\" y1=\"\(Self.f(y))\" y2=\"\(Self.f(y))\"/>"
            out +=
                "<text class=\"chart-axis\" x=\"\(Int(Self.left) - 8)\" y=\"\(Self.f(y + 4))\" text-anchor=\"end\">\(HTML.escape(axisLabel(value)))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let h = maximum == 0 ? 0 : plotHeight * Double(bar.value) / Double(maximum)
            let x = Self.left + slot * Double(index) + (slot - barWidth) / 2
            out +=
                "<rect class=\"chart-bar\" x=\"\(Self.f(x))\" y=\"\(Self.f(Self.top + plotHeight - h))\" width=\"\(Self.f(barWidth))\" height=\"\(Self.f(max(h, bar.value > 0 ? 1 : 0)))\" rx=\"2\"><title>\(HTML.escape(bar.detail))</title></rect>"
            if index % max(labelEvery, 1) == 0 {
                out +=
                    "<text class=\"chart-axis\" x=\"\(Self.f(x + barWidth / 2))\" y=\"\(Int(Self.height - Self.bottom + 18))\" text-anchor=\"middle\">\(HTML.escape(bar.label))</text>"
            }
        }
        out +=
            "<line class=\"chart-baseline\" x1=\"\(Int(Self.left))\" x2=\"\(Int(Self.width - Self.right))\" y1=\"\(Self.f(Self.top + plotHeight))\" y2=\"\(Self.f(Self.top + plotHeight))\"/>"
        return out + "</svg>"
    }

    /// A stable id for the title element (several charts may share a page).
    private var id: String { String(UInt32(truncatingIfNeeded: title.utf8.reduce(5381) { ($0 << 5) &+ $0 &+ Int($1) }), radix: 36) }

    /// The axis maximum: four gridline steps of 1, 2 or 5 × 10ⁿ that reach `value`.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 0 else { return 4 }
        let rawStep = (value + 3) / 4
        var magnitude = 1
        while magnitude * 10 <= rawStep { magnitude *= 10 }
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rawStep } ?? rawStep
        return step * 4
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension Money {
    /// Short dollars for chart axes: "$950", "$1.2k", "$35k".
    static func axis(_ cents: Int) -> String {
        let dollars = cents / 100
        if dollars >= 10_000 { return "$\(dollars / 1_000)k" }
        if dollars >= 1_000 { return "$" + String(format: "%.1fk", Double(dollars) / 1_000) }
        return "$\(dollars)"
    }
}
