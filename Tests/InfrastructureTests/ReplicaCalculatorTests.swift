import XCTest
@testable import Infrastructure

/// The replica-calculator cases of Kubernetes' `replica_calculator_test.go` (SEMANTICS.md).
final class ReplicaCalculatorTests: XCTestCase {
    typealias P = ReplicaCalculator.PodMetric

    func pods(_ usage: [Int?], request: [Int]? = nil, unready: Set<Int> = [], hot: Set<Int> = [], phases: [Int: ReplicaCalculator.Phase] = [:]) -> [P] {
        usage.enumerated().map { i, u in
            P(name: "p\(i + 1)", requestMilli: request?[i] ?? 1000, usageMilli: u, ready: !unready.contains(i + 1), hot: hot.contains(i + 1), phase: phases[i + 1] ?? .running)
        }
    }

    func check(_ current: Int, _ p: [P], target: Int, _ replicas: Int, _ utilization: Int, file: StaticString = #filePath, line: UInt = #line) {
        let r = ReplicaCalculator.desiredReplicas(current: current, pods: p, targetUtilization: target, tolerance: 0.1)
        XCTAssertEqual(r.replicas, replicas, "replicas", file: file, line: line)
        XCTAssertEqual(r.utilization, utilization, "utilization", file: file, line: line)
    }

    func testScaleUp() { check(3, pods([300, 500, 700]), target: 30, 5, 50) }
    func testScaleUpUnreadyLessScale() { check(3, pods([300, 500, 700], unready: [1]), target: 30, 4, 60) }
    func testScaleUpHotCpuLessScale() { check(3, pods([300, 500, 700], hot: [1]), target: 30, 4, 60) }
    func testScaleUpUnreadyNoScale() { check(3, pods([400, 500, 700], unready: [2, 3]), target: 30, 3, 40) }
    func testScaleUpIgnoresFailedPods() {
        check(2, pods([500, 700, nil, nil], phases: [3: .failed, 4: .failed]), target: 30, 4, 60)
    }
    func testScaleDown() { check(5, pods([100, 300, 500, 250, 250]), target: 50, 3, 28) }
    func testScaleDownIncludeUnreadyPods() { check(5, pods([100, 300, 500, 250, 250], unready: [4, 5]), target: 50, 2, 30) }
    func testScaleDownExcludeUnscheduledPods() {
        check(5, pods([100, nil, nil, nil, nil], phases: [2: .pending, 3: .pending, 4: .pending, 5: .pending]), target: 50, 1, 10)
    }
    func testScaleDownIgnoreHotCpuPods() { check(5, pods([100, 300, 500, 250, 250], hot: [4, 5]), target: 50, 2, 30) }
    func testTolerance() { check(3, pods([1010, 1030, 1020], request: [900, 1000, 1100]), target: 100, 3, 102) }
    func testSuperfluousMetrics() {
        // Metrics for six pods, four exist: the calculator only sees the four.
        check(4, pods([4000, 9500, 3000, 7000]), target: 100, 24, 587)
    }
}
