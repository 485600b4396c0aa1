import XCTest
import Infrastructure
import Formats
@testable import Systems

/// A manifest's errors point at the value they concern (its line and column), not at the
/// document's first line; a missing key at the mapping that lacks it.
final class ManifestTests: XCTestCase {
    let manifest = """
    # payment's Deployment and Service
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: payment
    spec:
      replicas: 1
      strategy:
        rollingUpdate:
          maxSurge: 25%
      template:
        spec:
          containers:
            - name: payment
              image: username/payment:v2
              resources:
                requests:
                  cpu: 200m
              readinessProbe:
                httpGet:
                  path: /actuator/health
                  port: 8080
                periodSeconds: 5
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: payment

    """

    /// `LINE:COLUMN message` of the manifest with `old` replaced by `new`, or "accepted".
    func problem(_ old: String, _ new: String, in text: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> String {
        let base = text ?? manifest
        XCTAssertTrue(base.contains(old), "'\(old)' is not in the manifest", file: file, line: line)
        do {
            _ = try Manifest.read(base.replacingOccurrences(of: old, with: new), services: ["payment", "resort"])
            return "accepted"
        } catch let p as Manifest.Problem { return "\(p.line):\(p.column) \(p.message)" } catch { return "\(error)" }
    }

    func testTheManifestIsRead() throws {
        let objects = try Manifest.read(manifest, services: ["payment"])
        XCTAssertEqual(objects.map { $0.kindAndName }, ["deployment.apps/payment", "service/payment"])
        guard case .deployment(_, let replicas, let t, let surge, _, _) = objects[0] else { return XCTFail("\(objects[0])") }
        XCTAssertEqual(replicas, 1)
        XCTAssertEqual(t.cpuRequest, 200)
        XCTAssertEqual(t.readiness?.period, .seconds(5))
        XCTAssertEqual(surge, .percent(25))
    }

    func testAValueErrorIsAtTheValue() {
        XCTAssertEqual(problem("replicas: 1", "replicas: 5000"), "7:13 spec.replicas must be a whole number from 0 to 1000")
        XCTAssertEqual(problem("periodSeconds: 5", "periodSeconds: 0"), "23:28 periodSeconds must be a whole number from 1 to 86400")
        XCTAssertEqual(problem("cpu: 200m", "cpu: lots"), "18:20 'lots' is not a CPU quantity (expected millicores such as 200m, or cores such as 0.5)")
        XCTAssertEqual(problem("port: 8080", "port: http"), "22:21 readinessProbe.httpGet.port must be a whole number from 1 to 65535")
        XCTAssertEqual(problem("maxSurge: 25%", "maxSurge: 150%"), "10:17 maxSurge must be a whole number or a percentage such as 25%")
        XCTAssertEqual(problem("replicas: 1", "replicas: [1]"), "7:13 spec.replicas must be a whole number from 0 to 1000")
        // In a flow mapping, at the value's own column.
        XCTAssertEqual(problem("rollingUpdate:\n      maxSurge: 25%", "rollingUpdate: {maxSurge: 1, maxUnavailable: -1}"), "9:50 maxUnavailable must be a whole number or a percentage such as 25%")
    }

    /// What the API server refuses, the model refuses too, at the value.
    func testWhatTheAPIServerRefusesIsRefused() {
        XCTAssertEqual(problem("apiVersion: apps/v1", "apiVersion: apps/v9"),
                       "2:13 no matches for kind \"Deployment\" in version \"apps/v9\" (kubectl's error; expected apps/v1 or apps/v1beta2 or apps/v1beta1 or extensions/v1beta1)")
        XCTAssertEqual(problem("apiVersion: v1\nkind: Service", "apiVersion: apps/v1\nkind: Service"),
                       "25:13 no matches for kind \"Service\" in version \"apps/v1\" (kubectl's error; expected v1)")
        XCTAssertEqual(problem("apiVersion: apps/v1", "apiVersion: extensions/v1beta1"), "accepted", "the 1.10-era group")
        XCTAssertEqual(problem("maxSurge: 25%", "maxSurge: 0\n      maxUnavailable: 0%"),
                       "11:23 maxUnavailable may not be 0 when maxSurge is 0 (the API server's validation)")
        XCTAssertEqual(problem("maxSurge: 25%", "maxSurge: 0\n      maxUnavailable: 1"), "accepted")
        XCTAssertEqual(problem("maxSurge: 25%", "maxSurge: 0"), "accepted", "maxUnavailable keeps its default, 25 %")
        XCTAssertEqual(problem("            cpu: 200m\n", "            cpu: 200m\n            limits:\n              cpu: 100m\n"),
                       "18:20 resources.requests.cpu 200m must be less than or equal to the cpu limit 100m (the API server's validation)")
        XCTAssertEqual(problem("            cpu: 200m\n", "            cpu: 200m\n            limits:\n              cpu: 0.2\n"), "accepted")
    }

    func testADocumentErrorIsAtTheKeyOrTheMappingThatLacksIt() {
        XCTAssertEqual(problem("kind: Service", "kind: Sevice"), "26:7 unsupported kind 'Sevice' (expected Deployment, Service, HorizontalPodAutoscaler or ConfigMap)")
        XCTAssertEqual(problem("kind: Service\n", ""), "25:1 a manifest needs 'kind' (Deployment, Service, HorizontalPodAutoscaler or ConfigMap)")
        XCTAssertEqual(problem("  name: payment\nspec", "  nam: payment\nspec"), "5:3 Deployment needs metadata.name")
        XCTAssertEqual(problem("  name: payment\nspec", "  name: pament\nspec"), "5:9 Deployment 'pament' is not one of the system's services (expected one of: payment, resort)")
        XCTAssertEqual(problem("httpGet:", "exec:"), "20:13 readinessProbe: only httpGet probes are modelled (expected httpGet: path, port)")
        XCTAssertEqual(problem("- name: payment\n", "- nme: payment\n          env:\n            - value: x\n"), "16:15 an env entry needs a name")
    }

    /// Documents after the first, a leading `---` and CR LF line endings keep their lines.
    func testPositionsHoldAcrossDocumentsAndLineEndings() {
        XCTAssertEqual(problem("replicas: 1", "replicas: -1", in: "---\n" + manifest), "8:13 spec.replicas must be a whole number from 0 to 1000")
        XCTAssertEqual(problem("maxReplicas: 3", "maxReplicas: 0", in: manifest + "---\n# an autoscaler\nkind: HorizontalPodAutoscaler\nmetadata: {name: payment}\nspec:\n  scaleTargetRef: {name: payment}\n  maxReplicas: 3\n"),
                       "35:16 maxReplicas must be a whole number from 1 to 1000")
        let crlf = manifest.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        XCTAssertEqual(problem("cpu: 200m", "cpu: 0", in: crlf), "18:20 '0' is not a CPU quantity (expected millicores such as 200m, or cores such as 0.5)")
    }

    func testAnAutoscalerPointsAtItsTarget() {
        let hpa = "kind: HorizontalPodAutoscaler\nmetadata:\n  name: payment\nspec:\n  scaleTargetRef:\n    name: payment\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 20\n"
        XCTAssertEqual(problem("    name: payment", "    name: paymnt", in: hpa), "6:11 HorizontalPodAutoscaler targets 'paymnt', which is not one of the system's services")
        XCTAssertEqual(problem("  maxReplicas: 3", "  maxReplicas: 3\n  minReplicas: 4", in: hpa), "7:16 HorizontalPodAutoscaler needs maxReplicas, at least minReplicas")
        XCTAssertEqual(problem("  targetCPUUtilizationPercentage: 20\n", "", in: hpa), "5:3 HorizontalPodAutoscaler needs a CPU utilization target (targetCPUUtilizationPercentage or a cpu Resource metric)")
    }
}
