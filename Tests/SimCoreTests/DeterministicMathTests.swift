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
