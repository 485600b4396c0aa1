import XCTest
import SimCore
@testable import Scenario

/// `kubernetes-version 1.N` sets the defaults that changed between versions: kube-proxy's
/// --iptables-min-sync-period became 1 s in 1.19 (kubernetes#92836).
final class KubernetesVersionTests: XCTestCase {
    func runner(_ text: String) throws -> Runner {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "k.scenario") else {
            XCTFail("parse"); throw CancellationError()
        }
        return Runner(scenario: s, options: RunOptions(), output: { _ in })
    }

    func testTheVersionSetsKubeProxysMinimumSyncPeriod() throws {
        let old = try runner("kubernetes-version 1.18\n")
        _ = old.run()
        XCTAssertEqual(old.model.cluster.config.kubeProxyMinSyncPeriod, .zero)
        let new = try runner("kubernetes-version v1.21\n")
        _ = new.run()
        XCTAssertEqual(new.model.cluster.config.kubeProxyMinSyncPeriod, .seconds(1))
    }

    func testABadVersionIsRefusedAtItsColumn() {
        guard case .failure(let problems) = Parser.parse(bytes: Array("kubernetes-version latest\n".utf8), file: "k.scenario") else {
            return XCTFail("accepted a bad version")
        }
        XCTAssertEqual(problems.diagnostics.first?.line, 1)
        XCTAssertEqual(problems.diagnostics.first?.column, 20)
        XCTAssertTrue(problems.diagnostics.first?.message.contains("expected: kubernetes-version 1.19") ?? false, "\(problems)")
    }
}
