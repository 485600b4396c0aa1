/// `exp`, `log` and `cos` written with IEEE-754 additions, multiplications and divisions
/// only, so that every machine computes the same bits (the platform's libm may differ in
/// the last bit between versions and systems, which could move a sampled duration by a
/// nanosecond). Accurate to a few units in the last place over the ranges the model uses.
public enum DeterministicMath {
    // ln 2 split so that k * ln2Hi is exact for |k| < 2^11 (fdlibm's constants).
    static let ln2Hi = 6.93147180369123816490e-01
    static let ln2Lo = 1.90821492927058770002e-10
    static let invLn2 = 1.44269504088896338700e+00
    static let sqrt2 = 1.41421356237309514547
    // 2π and π/2 split in a high part and the rest.
    static let twoPiHi = 6.28318530717958623200e+00
    static let twoPiLo = 2.44929359829470635445e-16
    static let piHi = 3.14159265358979311600e+00
    static let piLo = 1.22464679914735317723e-16
    static let halfPiHi = 1.57079632679489655800e+00
    static let halfPiLo = 6.12323399573676588613e-17

    /// `x.rounded()` (to the nearest integer, halves away from zero), without the call
    /// into libm's `round` that baseline x86-64 has no instruction for. Exact: below 2^52
    /// the magnitude minus its integer part is its fraction, with no rounding; at or above
    /// it (and for infinities) `x` is its own rounding, and a NaN comes back quiet, its
    /// payload kept, as from `round`. The sign survives, so -0.3 gives -0.0 as `round` does.
    @inline(__always)
    public static func round(_ x: Double) -> Double {
        let a = x.magnitude
        guard a < 0x1p52 else { return x.isNaN ? Double(bitPattern: x.bitPattern | 0x0008_0000_0000_0000) : x }
        var t = Double(Int64(a))
        if a - t >= 0.5 { t += 1 }
        return x.sign == .minus ? -t : t
    }

    /// e^x.
    @inline(__always)
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = round(x * invLn2)
        let r = (x - k * ln2Hi) - k * ln2Lo // |r| <= 0.35
        // Taylor series to r^13 in Horner form (coefficients 1/n!): remainder below 1e-16.
        let p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
            + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800
            + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r * (1.0 / 6227020800)))))))))))))
        return scale(p, Int(k))
    }

    /// p * 2^k, exact unless the result is subnormal.
    @inline(__always)
    static func scale(_ p: Double, _ k: Int) -> Double {
        if k >= -1022 && k <= 1023 { return p * Double(bitPattern: UInt64(1023 + k) << 52) }
        var v = p, e = k
        while e > 1000 { v *= 0x1p1000; e -= 1000 }
        while e < -1000 { v *= 0x1p-1000; e += 1000 }
        return v * Double(sign: .plus, exponent: e, significand: 1)
    }

    /// The natural logarithm.
    @inline(__always)
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        var e: Int, m: Double // x = m * 2^e with m in [1, 2)
        let bits = x.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        if biased != 0 {
            e = biased - 1023
            m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        } else { // subnormal
            e = Int(x.exponent)
            m = x.significand
        }
        if m > sqrt2 { m /= 2; e += 1 }
        let s = (m - 1) / (m + 1) // |s| <= 0.1716
        let s2 = s * s
        // log(m) = 2 (s + s^3/3 + s^5/5 + ...), to s^25: the remainder is below 1e-21.
        // Evaluated by Estrin's scheme (short dependency chains); the order is fixed, so
        // the bits are the same everywhere.
        let z = s2, z2 = z * z, z4 = z2 * z2
        let a0 = 1.0 / 3 + z * (1.0 / 5), a1 = 1.0 / 7 + z * (1.0 / 9), a2 = 1.0 / 11 + z * (1.0 / 13)
        let a3 = 1.0 / 15 + z * (1.0 / 17), a4 = 1.0 / 19 + z * (1.0 / 21), a5 = 1.0 / 23 + z * (1.0 / 25)
        let b0 = a0 + z2 * a1, b1 = a2 + z2 * a3, b2 = a4 + z2 * a5
        let q = z * (b0 + z4 * (b1 + z4 * b2))
        let logM = 2 * s + 2 * s * q
        let fe = Double(e)
        return fe * ln2Hi + (logM + fe * ln2Lo)
    }

    /// cos(x), for |x| up to a few thousand (the model uses [0, 2π)).
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        // Reduce to [-π, π], then use cos(-y) = cos(y) and cos(y) = -cos(π - y).
        let k = round(x / twoPiHi)
        var y = (x - k * twoPiHi) - k * twoPiLo
        if y < 0 { y = -y }
        var sign = 1.0
        if y > halfPiHi {
            y = (piHi - y) + piLo
            sign = -1
        }
        // y in [0, π/2]: cos near 0, sin(π/2 − y) above π/4.
        if y <= 0.7853981633974483 {
            return sign * cosPoly(y)
        }
        return sign * sinPoly((halfPiHi - y) + halfPiLo)
    }

    /// cos on [0, π/4]: Taylor to y^18 (remainder below 1e-19), coefficients (-1)^n/(2n)!.
    static func cosPoly(_ y: Double) -> Double {
        let z = y * y
        return 1 + z * (-1.0 / 2 + z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
            + z * (1.0 / 479001600 + z * (-1.0 / 87178291200 + z * (1.0 / 20922789888000 + z * (-1.0 / 6402373705728000)))))))))
    }

    /// sin on [0, π/4]: Taylor to y^19, coefficients (-1)^n/(2n+1)!.
    static func sinPoly(_ y: Double) -> Double {
        let z = y * y
        return y * (1 + z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800
            + z * (1.0 / 6227020800 + z * (-1.0 / 1307674368000 + z * (1.0 / 355687428096000 + z * (-1.0 / 121645100408832000))))))))))
    }
}
