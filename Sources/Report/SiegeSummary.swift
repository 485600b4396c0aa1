import Foundation

/// siege 4.0's closing summary, with its exact format strings (`src/main.c`).
public enum SiegeSummary {
    public static func render(_ f: LoadFigures) -> String {
        func d(_ v: Double) -> String { String(format: "%12.2f", v) }
        func u(_ v: Int) -> String { String(format: "%12u", v) }
        return "Transactions:\t\t\(u(f.hits)) hits\n"
            + "Availability:\t\t\(d(f.availability)) %\n"
            + "Elapsed time:\t\t\(d(f.elapsed)) secs\n"
            + "Data transferred:\t\(d(f.megabytes)) MB\n"
            + "Response time:\t\t\(d(f.responseTime)) secs\n"
            + "Transaction rate:\t\(d(f.transactionRate)) trans/sec\n"
            + "Throughput:\t\t\(d(f.throughput)) MB/sec\n"
            + "Concurrency:\t\t\(d(f.concurrency))\n"
            + "Successful transactions:\(u(f.successful))\n"
            + "Failed transactions:\t\(u(f.failed))\n"
            + "Longest transaction:\t\(d(f.longest))\n"
            + "Shortest transaction:\t\(d(f.shortestOrZero))\n"
    }

    /// One line of `-v` output (`__display_result` in `src/browser.c`).
    public static func verboseLine(status: Int, seconds: Double, bytes: Int, method: String, url: String) -> String {
        let m = method.count >= 4 ? method : method + String(repeating: " ", count: 4 - method.count)
        return String(format: "HTTP/1.1 %d    %5.2f secs: %7lu bytes ==> ", status, seconds, bytes) + m + " " + url
    }

    /// resortsim's addition under siege's table: what siege cannot show.
    public static func percentiles(_ f: LoadFigures) -> String {
        String(format: "resortsim: response time p50 %.3f s, p90 %.3f s, p99 %.3f s; ", f.percentile(0.5), f.percentile(0.9), f.percentile(0.99))
            + "status " + f.statusCounts.keys.sorted().map { "\($0) x\(f.statusCounts[$0]!)" }.joined(separator: ", ")
            + (f.connectionFailures > 0 ? ", connection failures x\(f.connectionFailures)" : "") + "\n"
    }
}
