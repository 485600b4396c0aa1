import SimCore
/// Maps virtual time onto a civil (UTC) date for timestamps, with integer arithmetic only
/// (no `Date()`, no time zone database): Howard Hinnant's days-from-civil algorithms.
public enum WallClock {
    /// Unix seconds of a civil date-time; nil if out of range.
    public static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...59).contains(second), (1970...9999).contains(year) else { return nil }
        guard day <= daysIn(month: month, year: year) else { return nil }
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `2021-07-26T02:11:54` (UTC), also written with ISO 8601's `Z` for UTC.
    public static func parse(_ text: String) -> Int64? {
        let text = text.hasSuffix("Z") ? String(text.dropLast()) : text
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil }), text.count == 19 else { return nil }
        return epochSeconds(year: parts[0]!, month: parts[1]!, day: parts[2]!, hour: parts[3]!, minute: parts[4]!, second: parts[5]!)
    }

    public struct Civil { public let year, month, day, hour, minute, second, millis, weekday: Int }

    public static func civil(epoch: Int64, at t: SimTime) -> Civil {
        let totalMillis = epoch * 1000 + t.nanoseconds / 1_000_000
        let secs = totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000
        let millis = Int(totalMillis - secs * 1000)
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = Int(secs - days * 86400)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        let weekday = Int(((days % 7) + 11) % 7) // 0 = Sunday (1970-01-01 was a Thursday)
        return Civil(year: y, month: m, day: d, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60, millis: millis, weekday: weekday)
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    /// `yyyyMMddHHmmss`, the seed's event timestamp format.
    public static func compact(epoch: Int64, at t: SimTime) -> String {
        let c = civil(epoch: epoch, at: t)
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
    }

    /// `2021-07-26T02:11:54.123+0000`, Spring Boot 2.1's error timestamp.
    public static func isoMillis(epoch: Int64, at t: SimTime) -> String {
        let c = civil(epoch: epoch, at: t)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millis, 3))+0000"
    }

    /// `Mon, 26 Jul 2021 02:11:54 GMT`, the HTTP Date header.
    public static func httpDate(epoch: Int64, at t: SimTime) -> String {
        let c = civil(epoch: epoch, at: t)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[c.weekday]), \(pad(c.day, 2)) \(months[c.month - 1]) \(pad(c.year, 4)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)) GMT"
    }
}

/// Formats timestamps for one epoch, reusing the strings of the current second: the
/// services stamp every response and event, and the second rarely changes between them.
/// Virtual time 0 is `epoch` plus `phase` (below one second) on the wall clock.
public final class WallClockFormatter {
    public let epoch: Int64
    public let phase: SimDuration
    private var second: Int64 = .min
    private var compactText = "", httpText = "", isoPrefix = ""

    public init(epoch: Int64, phase: SimDuration = .zero) { self.epoch = epoch; self.phase = phase }

    private func refresh(_ virtual: SimTime) {
        let t = virtual + phase
        let s = t.nanoseconds / 1_000_000_000
        guard s != second else { return }
        second = s
        let whole = SimTime(nanoseconds: s * 1_000_000_000)
        compactText = WallClock.compact(epoch: epoch, at: whole)
        httpText = WallClock.httpDate(epoch: epoch, at: whole)
        let iso = WallClock.isoMillis(epoch: epoch, at: whole)
        isoPrefix = String(iso.prefix(19))
    }

    /// `yyyyMMddHHmmss`.
    public func compact(at t: SimTime) -> String { refresh(t); return compactText }
    /// `Mon, 26 Jul 2021 02:11:54 GMT`.
    public func httpDate(at t: SimTime) -> String { refresh(t); return httpText }
    /// `2021-07-26T02:11:54.123+0000`.
    public func isoMillis(at t: SimTime) -> String {
        refresh(t)
        let ms = Int((t + phase).nanoseconds / 1_000_000 % 1000)
        return isoPrefix + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + String(ms) + "+0000"
    }
}
