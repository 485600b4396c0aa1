import Foundation

/// What siege 4.0.4 prints, with its exact format strings: the closing summary
/// (`src/main.c`), the `-v` lines (`src/browser.c` `__display_result`) and the socket
/// errors (`src/sock.c`, through `NOTIFY`, which prints whatever `verbose` says and appends
/// `strerror(errno)`). Line numbers are 4.0.4's: 4.0.5–4.0.7 print the refusal at sock.c:282.
public enum SiegeSummary {
    /// The summary, from the blank line main.c opens it with to the line holding one space
    /// it ends with.
    public static func render(_ f: LoadFigures) -> String {
        func d(_ v: Double) -> String { String(format: "%12.2f", v) }
        func u(_ v: Int) -> String { String(format: "%12u", v) }
        return "\nTransactions:\t\t\(u(f.hits)) hits\n"
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
            + " \n"
    }

    /// `socket_connect`'s second `connect` failed (sock.c:249 in 4.0.4).
    public static let connectRefusedLine = "[error] socket: unable to connect sock.c:249: Connection refused\n"
    /// `socket_read`'s `read` failed: the peer reset the connection (sock.c:539 in 4.0.4).
    public static let readResetLine = "[error] socket: read error Connection reset by peer sock.c:539: Connection reset by peer\n"
    /// No answer within siege's `timeout`: `__socket_select` (sock.c:351 in 4.0.4) sets errno
    /// to ETIMEDOUT and warns, then `socket_read`'s read check (sock.c:518) warns again.
    public static func readTimeoutLine(seconds: Int) -> String {
        "[alert] socket: select and discovered it's not ready sock.c:351: Connection timed out\n"
            + "[alert] socket: read check timed out(\(seconds)) sock.c:518: Connection timed out\n"
    }

    /// One line of `-v` output (`__display_result` in `src/browser.c`). `url` is what
    /// `url_get_display` gives: the request path for a GET, the absolute URL otherwise.
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
