import XCTest
@testable import Report

/// report.html's picture of the system: every service and event named, calls labelled,
/// text escaped, stickies apart, the same bytes for the same picture.
final class SystemPictureTests: XCTestCase {
    /// The resort system's shape (five services, two calls, ten events).
    func resort(timeout: String = "610 ms") -> SystemPicture {
        func e(_ name: String, _ publisher: String, _ consumers: [(String, SystemPicture.Consumer.Kind)]) -> SystemPicture.Event {
            SystemPicture.Event(name: name, publisher: publisher, consumers: consumers.map { SystemPicture.Consumer(service: $0.0, kind: $0.1) })
        }
        let reservationConsumers: [(String, SystemPicture.Consumer.Kind)] = [("resort", .policy), ("mypage", .view), ("payment", .policy)]
        return SystemPicture(name: "resort-reservation", topic: "resortreservation",
                             services: ["reservation", "resort", "mypage", "payment", "voucher"],
                             calls: [
                                SystemPicture.Call(from: "reservation", to: "resort", method: "getResortStatus", settings: "Hystrix timeout \(timeout), pool 10", detail: "GET /resorts/{id}"),
                                SystemPicture.Call(from: "reservation", to: "payment", method: "getPaymentStatus", settings: "Hystrix timeout \(timeout), pool 10", detail: "GET /payments/{id}"),
                             ],
                             events: [
                                e("ReservationRegistered", "reservation", reservationConsumers), e("ReservationCanceled", "reservation", reservationConsumers),
                                e("ResortRegistrated", "resort", []), e("ResortStatusChanged", "resort", []),
                                e("PaymentRequested", "payment", [("mypage", .view)]), e("PaymentApproved", "payment", [("voucher", .policy)]),
                                e("PaymentCancelled", "payment", [("mypage", .view), ("voucher", .policy)]),
                                e("VoucherRequested", "voucher", []), e("VoucherSend", "voucher", [("mypage", .view)]), e("VoucherCancelled", "voucher", []),
                             ])
    }

    func page(_ p: SystemPicture?) -> String {
        var r = RunResult(scenario: "f4", file: "scenarios/f4.scenario", seed: 7, version: "0.1.0", params: [])
        r.picture = p
        return HTMLReport.render(r)
    }

    /// The `<g class="KIND">` groups' text contents, in page order.
    func texts(_ svg: String, kind: String) -> [String] {
        svg.components(separatedBy: "<g class=\"\(kind)\">").dropFirst().map { g in
            let body = g.components(separatedBy: "</g>")[0]
            return body.components(separatedBy: "<text ").dropFirst().map { t in
                // The element's text with its tspans' tags taken out.
                let inner = t.drop { $0 != ">" }.dropFirst().components(separatedBy: "</text>")[0]
                var out = "", inTag = false
                for c in inner { if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) } }
                return out
            }.joined(separator: " ")
        }
    }

    /// (x, y, width, height) of every sticky and box, with the lines of text drawn on it.
    func rects(_ svg: String) -> [(x: Double, y: Double, w: Double, h: Double, lines: [String])] {
        svg.components(separatedBy: "\n").filter { $0.hasPrefix("<g class=") }.compactMap { line in
            guard let r = line.range(of: "<rect ") else { return nil }
            let tag = line[r.upperBound...].prefix { $0 != "/" }
            func attr(_ name: String) -> Double? {
                guard let a = (" " + tag).range(of: " \(name)=\"") else { return nil }
                return Double((" " + tag)[a.upperBound...].prefix { $0 != "\"" })
            }
            guard let x = attr("x"), let y = attr("y"), let w = attr("width"), let h = attr("height") else { return nil }
            let lines = line.components(separatedBy: "<text ").dropFirst().map { String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }) }
            return (x, y, w, h, lines)
        }
    }

    func testTheSVGNamesEveryServiceAndEvent() {
        let p = resort(), svg = HTMLReport.systemSVG(p)
        XCTAssertEqual(texts(svg, kind: "service"), p.services)
        XCTAssertEqual(texts(svg, kind: "event"), p.events.map { $0.name })
        // One sticky per consumer, in its colour, naming its kind and service.
        XCTAssertEqual(texts(svg, kind: "policy"), ["policy resort", "policy payment", "policy resort", "policy payment", "policy voucher", "policy voucher"])
        XCTAssertEqual(texts(svg, kind: "view"), ["view mypage", "view mypage", "view mypage", "view mypage", "view mypage"])
        XCTAssertEqual(svg.components(separatedBy: "fill=\"\(HTMLReport.eventColor)\"").count - 1, 10)
        XCTAssertEqual(svg.components(separatedBy: "fill=\"\(HTMLReport.policyColor)\"").count - 1, 6)
        XCTAssertEqual(svg.components(separatedBy: "fill=\"\(HTMLReport.viewColor)\"").count - 1, 5)
        // Events nobody consumes say so.
        XCTAssertEqual(svg.components(separatedBy: ">no policy or view</text>").count - 1, 4)
        let html = page(p)
        XCTAssertTrue(html.contains("<h2 id=\"system\">System: resort-reservation</h2>"))
        XCTAssertTrue(html.contains("<code>resortreservation</code>"))
        XCTAssertFalse(page(nil).contains("id=\"system\""), "no picture, no section")
    }

    func testEachCallIsAnArrowLabelledWithItsSettings() {
        let svg = HTMLReport.systemSVG(resort())
        XCTAssertEqual(texts(svg, kind: "call"), ["getResortStatus · Hystrix timeout 610 ms, pool 10", "getPaymentStatus · Hystrix timeout 610 ms, pool 10"])
        XCTAssertEqual(svg.components(separatedBy: "marker-end=\"url(#pic-arrow)\"").count - 1, 2 + 11, "two calls and eleven consumers")
        XCTAssertTrue(HTMLReport.systemSVG(resort(timeout: "700 ms")).contains("Hystrix timeout 700 ms, pool 10"))
        // The longer call (reservation to payment) takes the higher lane: the arrows nest.
        let lines = svg.components(separatedBy: "\n").filter { $0.hasPrefix("<g class=\"call\">") }
        XCTAssertTrue(lines[0].contains("V58.0 H") && lines[1].contains("V28.0 H"), lines.joined(separator: "\n"))
    }

    func testNoTwoStickiesOrBoxesOverlap() {
        for p in [resort(), sixServices()] {
            let r = rects(HTMLReport.systemSVG(p))
            XCTAssertEqual(r.count, p.services.count + p.events.count + p.events.reduce(0) { $0 + $1.consumers.count })
            for i in r.indices { for j in r.indices where j > i {
                let a = r[i], b = r[j]
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
                XCTAssertTrue(apart, "\(a) overlaps \(b)")
            } }
            // Every line of text fits its sticky or box at the drawing's own estimate of a
            // character's width (9 px per character for the 14 px bold service names).
            for a in r { for line in a.lines {
                let perChar = a.h == HTMLReport.boxHeight ? 9.0 : HTMLReport.charWidth12
                XCTAssertLessThanOrEqual(HTMLReport.textUnits(line) * perChar, a.w, "\(line) in \(a)")
            } }
        }
    }

    /// Six services, an event consumed in its own publisher's service, a call to itself.
    func sixServices() -> SystemPicture {
        SystemPicture(name: "six", topic: "t", services: ["a", "b", "c", "d", "e", "f"],
                      calls: [SystemPicture.Call(from: "f", to: "a", method: "m1", settings: "Resilience4j timeout 1000 ms, breaker 50 % of 100 calls", detail: ""),
                              SystemPicture.Call(from: "c", to: "c", method: "m2", settings: "", detail: ""),
                              SystemPicture.Call(from: "a", to: "b", method: "m3", settings: "no breaker, read timeout 60000 ms", detail: "")],
                      events: (0..<6).map { i in
                          SystemPicture.Event(name: "SomethingRatherLongHappened\(i)", publisher: ["a", "b", "c", "d", "e", "f"][i],
                                              consumers: [SystemPicture.Consumer(service: ["a", "b", "c", "d", "e", "f"][i], kind: .policy),
                                                          SystemPicture.Consumer(service: "f", kind: .view)])
                      })
    }

    func testHTMLSpecialCharactersAreEscaped() {
        let p = SystemPicture(name: "a<b>&c", topic: "t\"1", services: ["s<1>", "s&2"],
                              calls: [SystemPicture.Call(from: "s<1>", to: "s&2", method: "get<T>", settings: "Hystrix \"x\" & <y>", detail: "</title><script>")],
                              events: [SystemPicture.Event(name: "E<vil>&\"", publisher: "s&2", consumers: [SystemPicture.Consumer(service: "s<1>", kind: .view)])])
        let html = page(p)
        for raw in ["a<b>", "s<1>", "get<T>", "<y>", "E<vil>", "<script>", "s&2", "t\"1"] { XCTAssertFalse(html.contains(raw), raw) }
        for escaped in ["System: a&lt;b&gt;&amp;c", ">s&lt;1&gt;</text>", ">get&lt;T&gt;</tspan>", "Hystrix &quot;x&quot; &amp; &lt;y&gt;",
                        "E&lt;vil&gt;&amp;&quot;", "&lt;/title&gt;&lt;script&gt;", "<code>t&quot;1</code>"] {
            XCTAssertTrue(html.contains(escaped), escaped)
        }
    }

    func testTheSamePictureGivesTheSameBytes() {
        XCTAssertEqual(page(resort()), page(resort()))
        XCTAssertEqual(HTMLReport.systemSVG(sixServices()), HTMLReport.systemSVG(sixServices()))
        XCTAssertNotEqual(page(resort()), page(resort(timeout: "700 ms")))
    }

    func testLongNamesWrapAtAWordOrCamelCaseBoundary() {
        XCTAssertEqual(HTMLReport.wrap("ReservationRegistered", 30), ["ReservationRegistered"])
        XCTAssertEqual(HTMLReport.wrap("ReservationRegistered", 12), ["Reservation", "Registered"])
        XCTAssertEqual(HTMLReport.wrap("order-placed-event", 10), ["order-", "placed-event"])
        XCTAssertEqual(HTMLReport.wrap("alllowercase", 5), ["alllowercase"])
        // Hangul draws about twice as wide as Latin letters, and has no case to split at.
        XCTAssertEqual(HTMLReport.textUnits("결제승인됨"), 10)
        XCTAssertEqual(HTMLReport.wrap("결제승인됨", 10), ["결제승인됨"])
        XCTAssertEqual(HTMLReport.wrap("결제승인됨이벤트", 10), ["결제승인", "됨이벤트"])
    }
}
