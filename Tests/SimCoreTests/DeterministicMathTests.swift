import XCTest
import Foundation
@testable import SimCore

/// The project's own exp, log and cos against the platform's, and fixed bit patterns
/// that must not change between machines or versions.
final class DeterministicMathTests: XCTestCase {
    func relative(_ a: Double, _ b: Double) -> Double { b == 0 ? abs(a) : abs(a - b) / abs(b) }

    func testAgreesWithTheLibmToAFewUlps() {
        var rng = Xoshiro256StarStar(seed: 11)
        var worst = (exp: 0.0, log: 0.0, cos: 0.0)
        for _ in 0..<200_000 {
            let u = rng.nextOpenDouble()
            let x = (rng.nextDouble() - 0.5) * 60
            worst.exp = max(worst.exp, relative(DeterministicMath.exp(x), Foundation.exp(x)))
            worst.log = max(worst.log, relative(DeterministicMath.log(u), Foundation.log(u)))
            let big = rng.nextDouble() * 1e6
            worst.log = max(worst.log, relative(DeterministicMath.log(big), Foundation.log(big)))
            let a = 2 * Double.pi * rng.nextDouble()
            worst.cos = max(worst.cos, abs(DeterministicMath.cos(a) - Foundation.cos(a)))
        }
        XCTAssertLessThan(worst.exp, 1e-14)
        XCTAssertLessThan(worst.log, 1e-14)
        XCTAssertLessThan(worst.cos, 1e-15)
    }

    /// Rounding gives `rounded()`'s bits, sign of zero and NaN payloads included (a
    /// signaling NaN comes back quiet), for halves, values next to them, the edges of
    /// exactness, and random doubles of every size and bit pattern.
    func testRoundIsRoundedBitForBit() {
        func same(_ x: Double, _ file: StaticString = #filePath, _ line: UInt = #line) {
            let ours = DeterministicMath.round(x), theirs = x.rounded()
            XCTAssertTrue(ours.bitPattern == theirs.bitPattern,
                          "round(\(x)) = \(ours), rounded() = \(theirs)", file: file, line: line)
        }
        let special: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                                 0.3, -0.3, 1e-320, -1e-320, 0x1p52, -0x1p52, 0x1p52 - 0.5, 0x1p52 + 1, 0x1p53 + 2,
                                 4503599627370495.5, -4503599627370495.5, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                 .infinity, -.infinity, .nan, -.nan, .signalingNaN, -.signalingNaN,
                                 Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0xFFF4_0000_0000_00AB),
                                 .leastNonzeroMagnitude, 9.2e18, -9.2e18]
        for x in special { same(x); same(x.nextUp); same(x.nextDown) }
        var rng = Xoshiro256StarStar(seed: 5)
        for _ in 0..<200_000 {
            let bits = rng.next()
            same(Double(bitPattern: bits))
            same((rng.nextDouble() - 0.5) * 1e6)
            same(Double(Int64(bitPattern: bits) >> 20) / 2)
        }
    }

    func testEdgeCases() {
        XCTAssertEqual(DeterministicMath.exp(0), 1)
        XCTAssertEqual(DeterministicMath.log(1), 0)
        XCTAssertEqual(DeterministicMath.exp(1000), .infinity)
        XCTAssertEqual(DeterministicMath.exp(-1000), 0)
        XCTAssertEqual(DeterministicMath.log(0), -.infinity)
        XCTAssertTrue(DeterministicMath.log(-1).isNaN)
        XCTAssertEqual(DeterministicMath.cos(0), 1)
        XCTAssertEqual(DeterministicMath.log(0x1p-1074), -744.4400719213812, accuracy: 1e-12)
    }

    func testFixedBits() {
        // Pinned results: a change here changes every sampled duration.
        XCTAssertEqual(DeterministicMath.exp(0.5).bitPattern, 0x3FFA61298E1E069C)
        XCTAssertEqual(DeterministicMath.log(0.3).bitPattern, (-1.2039728043259361).bitPattern)
    }
}
