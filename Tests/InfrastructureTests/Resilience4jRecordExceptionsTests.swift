import XCTest
import SimCore
import Formats
@testable import Infrastructure

/// `record-exceptions` as resilience4j 1.7.0 applies it: an exception that is none of the
/// listed classes (nor a subclass) is recorded as a success (CircuitBreakerStateMachine
/// .handleThrowable); Feign 11.8's exceptions by status; the base-config predicate.
final class Resilience4jRecordExceptionsTests: XCTestCase {
    let id = "ResortService#getResortStatus(Long)"
    let refused = JavaExceptions.thrownByFeign(.connectionRefused)
    let timeout = JavaExceptions.timeLimiterTimeout
    func status(_ s: Int) -> [String] { JavaExceptions.thrownByFeign(.response(HTTPResponse(status: s))) }

    func config(_ settings: [(String, String)]) throws -> CircuitBreakerConfig {
        var cfg = SpringBootConfig()
        for (k, v) in settings { try cfg.set(k, v) }
        return Resilience4jProperties.circuitBreaker(id, in: cfg)
    }

    /// A count window of 5 with a minimum of 5: five calls ending with `exception`.
    func stateAfterFive(_ exception: [String], _ recorded: String?) throws -> Resilience4jCircuitBreaker.State {
        var settings = [("resilience4j.circuitbreaker.configs.default.sliding-window-size", "5"),
                        ("resilience4j.circuitbreaker.configs.default.minimum-number-of-calls", "5")]
        if let r = recorded { settings.append(("resilience4j.circuitbreaker.configs.default.record-exceptions", r)) }
        let b = Resilience4jCircuitBreaker(name: id, config: try config(settings), sim: Simulation())
        for _ in 0..<5 {
            XCTAssertTrue(b.tryAcquirePermission())
            b.onError(exception, duration: .milliseconds(10))
        }
        return b.state
    }

    func testFeignsExceptionsByStatusAsFeign11Decodes() {
        XCTAssertEqual(status(503), ["feign.FeignException$ServiceUnavailable", "feign.FeignException$FeignServerException",
                                     "feign.FeignException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"])
        XCTAssertEqual(status(404).first, "feign.FeignException$NotFound")
        XCTAssertEqual(status(418).first, "feign.FeignException$FeignClientException")
        XCTAssertEqual(status(507).first, "feign.FeignException$FeignServerException")
        XCTAssertEqual(refused.first, "feign.RetryableException")
        XCTAssertEqual(JavaExceptions.thrownByFeign(.timedOut(.seconds(60))).first, "feign.RetryableException")
    }

    func testWithoutRecordExceptionsEveryExceptionIsAFailure() throws {
        XCTAssertEqual(try stateAfterFive(timeout, nil), .open)
        XCTAssertEqual(try stateAfterFive(status(500), nil), .open)
    }

    func testAnExceptionNotListedIsRecordedAsASuccess() throws {
        XCTAssertEqual(try stateAfterFive(status(503), "feign.FeignException$ServiceUnavailable"), .open)
        XCTAssertEqual(try stateAfterFive(status(500), "feign.FeignException$ServiceUnavailable"), .closed)
        XCTAssertEqual(try stateAfterFive(timeout, "feign.FeignException"), .closed, "the time limiter's TimeoutException is no FeignException")
        XCTAssertEqual(try stateAfterFive(refused, "feign.FeignException"), .open, "RetryableException is a FeignException")
    }

    func testAListedClassMatchesItsSubclassesAndTheNestedNameMayBeDotted() throws {
        XCTAssertEqual(try stateAfterFive(status(502), "feign.FeignException.FeignServerException"), .open)
        XCTAssertEqual(try stateAfterFive(status(404), "feign.FeignException.FeignServerException"), .closed)
        XCTAssertEqual(try stateAfterFive(timeout, "java.lang.RuntimeException, java.util.concurrent.TimeoutException"), .open)
        XCTAssertEqual(try config([("resilience4j.circuitbreaker.configs.default.record-exceptions", "feign.FeignException.NotFound")]).recordExceptions,
                       ["feign.FeignException$NotFound"])
    }

    func testIOExceptionMatchesNothingBecauseFeignWrapsItInARetryableException() throws {
        XCTAssertEqual(try stateAfterFive(refused, "java.io.IOException"), .closed)
    }

    func testYAMLListElementsBindByIndex() throws {
        let c = try config([("resilience4j.circuitbreaker.configs.default.record-exceptions[0]", "feign.RetryableException"),
                            ("resilience4j.circuitbreaker.configs.default.record-exceptions[1]", "java.util.concurrent.TimeoutException")])
        XCTAssertTrue(c.recordsAsFailure(refused))
        XCTAssertTrue(c.recordsAsFailure(timeout))
        XCTAssertFalse(c.recordsAsFailure(status(500)))
    }

    func testFromABaseConfigTheBasePredicateStaysAndAnEmptyBaseRecordsEverything() throws {
        let cb = "resilience4j.circuitbreaker"
        // configs.default lists nothing: an instance built from it records every exception
        // whatever it lists (1.7.0's Builder(baseConfig) keeps the base's predicate).
        let fromEmpty = try config([("\(cb).configs.default.sliding-window-size", "5"),
                                    ("\(cb).instances.[\(id)].base-config", "default"),
                                    ("\(cb).instances.[\(id)].record-exceptions", "feign.FeignException$ServiceUnavailable")])
        XCTAssertTrue(fromEmpty.recordsAsFailure(status(500)))
        XCTAssertTrue(fromEmpty.recordsAsFailure(timeout))
        // Without base-config the instance's own list decides.
        let own = try config([("\(cb).instances.[\(id)].record-exceptions", "feign.FeignException$ServiceUnavailable")])
        XCTAssertFalse(own.recordsAsFailure(status(500)))
        XCTAssertTrue(own.recordsAsFailure(status(503)))
        // A base that lists classes: the instance records the base's and its own.
        let both = try config([("\(cb).configs.default.record-exceptions", "java.util.concurrent.TimeoutException"),
                               ("\(cb).instances.[\(id)].base-config", "default"),
                               ("\(cb).instances.[\(id)].record-exceptions", "feign.FeignException$ServiceUnavailable")])
        XCTAssertTrue(both.recordsAsFailure(timeout))
        XCTAssertTrue(both.recordsAsFailure(status(503)))
        XCTAssertFalse(both.recordsAsFailure(status(500)))
    }

    func testAnUnknownClassOrAnUnmodelledPropertyIsRefusedSayingWhatIs() {
        var cfg = SpringBootConfig()
        XCTAssertThrowsError(try cfg.set("resilience4j.circuitbreaker.configs.default.record-exceptions", "java.io.FileNotFoundException")) { e in
            let m = (e as? ValueError)?.message ?? ""
            XCTAssertTrue(m.contains("'java.io.FileNotFoundException' is not an exception class the model knows"), m)
            XCTAssertTrue(m.contains("feign.FeignException$ServiceUnavailable"), m)
        }
        XCTAssertThrowsError(try cfg.set("resilience4j.circuitbreaker.configs.default.ignore-exceptions", "feign.FeignException")) { e in
            let m = (e as? ValueError)?.message ?? ""
            XCTAssertTrue(m.contains("'ignore-exceptions' is a Resilience4j 1.7.0 circuit breaker property the model does not model"), m)
            XCTAssertTrue(m.contains("it models failure-rate-threshold,"), m)
        }
        XCTAssertThrowsError(try cfg.set("resilience4j.timelimiter.configs.default.event-consumer-buffer-size", "10")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("time limiter property the model does not model") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try cfg.set("resilience4j.circuitbreaker.configs.default.ignore-exception", "x")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("did you mean 'ignore-exceptions'") ?? false, "\(e)")
        }
    }
}
