import XCTest
import SimCore
import Infrastructure
@testable import Systems
import Formats

/// Collection pages as Spring Data REST 3.1 reads `page` and `size` (maximum 1000, default
/// 20, Spring Data Commons 2.1's bounds).
final class DataRestPagingTests: XCTestCase {
    func count(_ json: JSON?) -> Int? {
        guard case .array(let items)? = json else { return nil }
        return items.count
    }

    func page(_ query: String) -> [Int] {
        let r = DataRestPageRequest(query: query)
        return [r.page, r.size]
    }

    func testTheRESTConfigurationsSizesBoundTheSize() {
        XCTAssertEqual(DataRestPageRequest.maxPageSize, 1000)
        XCTAssertEqual(DataRestPageRequest.defaultPageSize, 20)
        XCTAssertEqual(page(""), [0, 20])
        XCTAssertEqual(page("size=1000"), [0, 1000])
        XCTAssertEqual(page("size=1001"), [0, 1000], "cut to maxPageSize, not 2000")
        XCTAssertEqual(page("size=1500&page=2"), [2, 1000])
        XCTAssertEqual(page("size=1"), [0, 1])
        XCTAssertEqual(page("size=0"), [0, 20], "below 1: the default, not 1")
        XCTAssertEqual(page("size=-3"), [0, 20])
    }

    func testWhatIntegerParseIntRefusesCountsAsZero() {
        XCTAssertEqual(page("size=3000000000"), [0, 20], "beyond a Java int: 0, so the default")
        XCTAssertEqual(page("page=2147483647"), [2147483647, 20])
        XCTAssertEqual(page("page=9223372036854775807"), [0, 20])
        XCTAssertEqual(page("page=two&size=ten"), [0, 20])
        XCTAssertEqual(page("page=+3&size=+7"), [3, 7])
        XCTAssertEqual(page("page=-1"), [0, 20])
        XCTAssertEqual(page("size=&page= "), [0, 20], "blank: absent")
    }

    func testTheFirstValueOfAParameterCounts() {
        XCTAssertEqual(page("size=5&size=50&page=1&page=7"), [1, 5])
        XCTAssertEqual(page("size&size=5"), [0, 20], "getParameter gives the first, empty, value")
        XCTAssertEqual(page("sort=name&size=5"), [0, 5])
    }

    /// Through the service: 1200 resorts, `size=1500` gives a page of 1000; a huge page
    /// number used to overflow page × size and crash the run.
    func testTheServiceReturnsAtMostAThousandRowsAndSurvivesAHugePage() {
        let model = SystemModel(system: TestSystems.resort, seed: 1)
        let service = model.app("resort")!.application as! DataRestService
        for i in 1...1200 {
            service.table.save(.object([("id", .int(Int64(i))), ("resortName", .string("R\(i)")), ("resortType", .string("Hotel")),
                                        ("resortPrice", .double(100)), ("resortStatus", .string("Available")), ("resortPeriod", .string("x"))]))
        }
        let body = model.call("GET", "localhost:8082", "/resorts?size=1500").response?.body
        XCTAssertEqual(body?["page"]?["size"], .int(1000))
        XCTAssertEqual(body?["page"]?["totalPages"], .int(2))
        XCTAssertEqual(count(body?["_embedded"]?["resorts"]), 1000)
        let huge = model.call("GET", "localhost:8082", "/resorts?page=9223372036854775807").response?.body
        XCTAssertEqual(huge?["page"]?["number"], .int(0))
        XCTAssertEqual(count(huge?["_embedded"]?["resorts"]), 20)
        // The last page holds the rest, in id order; a page past the end holds none.
        let last = model.call("GET", "localhost:8082", "/resorts?page=1&size=1000").response?.body
        XCTAssertEqual(count(last?["_embedded"]?["resorts"]), 200)
        if case .array(let items)? = last?["_embedded"]?["resorts"] {
            XCTAssertEqual(items.first?["resortName"], .string("R1001"))
            XCTAssertEqual(items.last?["resortName"], .string("R1200"))
        }
        let past = model.call("GET", "localhost:8082", "/resorts?page=5&size=1000").response?.body
        XCTAssertEqual(count(past?["_embedded"]?["resorts"]), 0)
        XCTAssertEqual(past?["page"]?["totalElements"], .int(1200))
    }
}
