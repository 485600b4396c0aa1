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

/// Flow collections read in one pass and nested at most YAML.maxDepth deep; blocks too.
final class YAMLLimitsTests: XCTestCase {
    func testNestedFlowCollectionsAndQuotedCommas() throws {
        let d = try YAML.documents("a: [1, [2, 3], {k: v, m: [x]}, \"p, q\", 'it''s']\nb: {}\nc: []\n")
        XCTAssertEqual(d[0]["a"]?.compact, #"[1,[2,3],{"k":"v","m":["x"]},"p, q","it's"]"#)
        XCTAssertEqual(d[0]["b"]?.compact, "{}")
        XCTAssertEqual(d[0]["c"]?.compact, "[]")
    }

    func testDeepNestingIsRefusedWithALocation() {
        let deep = "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        XCTAssertThrowsError(try YAML.documents(deep)) { e in
            guard let f = e as? YAML.Failure else { return XCTFail("\(e)") }
            XCTAssertEqual(f.line, 1)
            XCTAssertEqual(f.column, 4 + YAML.maxDepth)
            XCTAssertEqual(f.message, "flow collections nested too deeply (more than 200 levels)")
        }
        var blocks = ""
        for i in 0...YAML.maxDepth { blocks += String(repeating: " ", count: i) + "k\(i):\n" }
        blocks += String(repeating: " ", count: YAML.maxDepth + 1) + "v: 1\n"
        XCTAssertThrowsError(try YAML.documents(blocks)) { e in
            XCTAssertEqual((e as? YAML.Failure)?.message, "blocks nested too deeply (more than 200 levels)")
        }
    }

    func testMalformedFlowSaysWhere() {
        XCTAssertThrowsError(try YAML.documents("a: [1, 2\n")) { e in
            XCTAssertEqual((e as? YAML.Failure)?.message, "unterminated flow sequence (expected ']')")
        }
        XCTAssertThrowsError(try YAML.documents("a: {k}\n")) { e in
            XCTAssertEqual((e as? YAML.Failure)?.message, "expected 'key: value' in a flow mapping")
        }
        XCTAssertThrowsError(try YAML.documents("a: [1] x\n")) { e in
            XCTAssertEqual((e as? YAML.Failure)?.message, "unexpected text after the flow collection")
        }
    }

    /// A flow mapping refuses a key given twice, as a block mapping does, at the second one.
    func testADuplicateKeyInAFlowMappingIsRefused() throws {
        XCTAssertThrowsError(try YAML.documents("x: 1\na: {values: [a], default: fail, default: continue}\n")) { e in
            XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column) \($0.message)" }, "2:33 duplicate key 'default'")
        }
        XCTAssertThrowsError(try YAML.documents("- [{k: 1, 'k': 2}]\n")) { e in
            XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column) \($0.message)" }, "1:11 duplicate key 'k'")
        }
        // The same key in two mappings, and in a mapping inside another, is no duplicate.
        XCTAssertEqual(try YAML.documents("a: [{k: 1}, {k: 2, m: {k: 3}}]\n")[0]["a"]?.compact, #"[{"k":1},{"k":2,"m":{"k":3}}]"#)
    }

    func testALongSequenceOfMappingsKeepsItsEntries() throws {
        let text = (0..<20_000).map { "- name: n\($0)\n  port: \($0)\n" }.joined()
        guard case .array(let items)? = try YAML.documents(text).first else { return XCTFail("not a sequence") }
        XCTAssertEqual(items.count, 20_000)
        XCTAssertEqual(items[19_999]["port"]?.int64Value, 19_999)
    }
}
