import XCTest
import SimCore
@testable import Formats

final class YAMLTests: XCTestCase {
    let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: payment   # the service
      labels:
        app: payment
    spec:
      replicas: 1
      selector:
        matchLabels:
          app: payment
      template:
        metadata:
          labels:
            app: payment
        spec:
          containers:
          - name: payment
            image: "user/payment:v2"
            ports:
              - containerPort: 8080
            resources:
              requests:
                cpu: 200m
            readinessProbe:
              httpGet:
                path: '/actuator/health'
                port: 8080
              initialDelaySeconds: 10
            args: [a, "b c"]
    ---
    apiVersion: v1
    kind: Service
    metadata: {}
    """

    func testAKubernetesManifestParses() throws {
        let docs = try YAML.documents(deployment)
        XCTAssertEqual(docs.count, 2)
        let d = docs[0]
        XCTAssertEqual(d["kind"], .string("Deployment"))
        XCTAssertEqual(d["metadata"]?["name"], .string("payment"))
        XCTAssertEqual(d["spec"]?["replicas"], .int(1))
        guard case .array(let containers)? = d["spec"]?["template"]?["spec"]?["containers"] else { return XCTFail("containers") }
        let c = containers[0]
        XCTAssertEqual(c["image"], .string("user/payment:v2"))
        XCTAssertEqual(c["resources"]?["requests"]?["cpu"], .string("200m"))
        XCTAssertEqual(c["readinessProbe"]?["httpGet"]?["path"], .string("/actuator/health"))
        XCTAssertEqual(c["readinessProbe"]?["initialDelaySeconds"], .int(10))
        XCTAssertEqual(c["ports"], .array([.object([("containerPort", .int(8080))])]))
        XCTAssertEqual(c["args"], .array([.string("a"), .string("b c")]))
        XCTAssertEqual(docs[1]["metadata"], .object([]))
    }

    func testApplicationYmlWithNestedKeys() throws {
        let doc = try YAML.documents("hystrix:\n  command:\n    default:\n      execution.isolation.thread.timeoutInMilliseconds: 610\nfeign:\n  hystrix:\n    enabled: true\n")[0]
        XCTAssertEqual(doc["hystrix"]?["command"]?["default"]?["execution.isolation.thread.timeoutInMilliseconds"], .int(610))
        XCTAssertEqual(doc["feign"]?["hystrix"]?["enabled"], .bool(true))
    }

    func testErrorsNameTheLineAndColumn() {
        XCTAssertThrowsError(try YAML.documents("a: 1\n  b: 2\n")) { e in
            XCTAssertEqual((e as? YAML.Failure)?.line, 2)
        }
        XCTAssertThrowsError(try YAML.documents("a: 1\na: 2\n")) { e in
            XCTAssertEqual((e as? YAML.Failure)?.message, "duplicate key 'a'")
        }
        XCTAssertThrowsError(try YAML.documents("a: \"open\n")) { e in
            XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column)" }, "1:4")
        }
        XCTAssertThrowsError(try YAML.documents("just a line\n"))
        XCTAssertThrowsError(try YAML.documents("a:\n\t- b\n"))
    }
}
