/// FNV-1a 64-bit: the stable hash used to derive per-component streams (never `Hasher`,
/// which is seeded randomly per process).
public func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// SplitMix64, used to expand one 64-bit seed into a generator state.
public struct SplitMix64 {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: the project's only source of randomness (Blackman and Vigna).
public struct Xoshiro256StarStar: RandomNumberGenerator {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1) with 53 bits of precision.
    @inline(__always)
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in (0, 1], safe for `log`.
    @inline(__always)
    public mutating func nextOpenDouble() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }
}

/// The run's seed, from which every component draws its own independent stream.
public struct RandomStreams: Sendable {
    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed }

    /// The stream of the named component: the same (seed, name) always gives the same
    /// sequence, whatever else the run does.
    public func stream(_ name: String) -> Xoshiro256StarStar {
        var mix = SplitMix64(seed: seed ^ fnv1a64(name))
        return Xoshiro256StarStar(seed: mix.next())
    }
}
