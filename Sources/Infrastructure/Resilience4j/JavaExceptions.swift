import Formats

/// The Java exceptions a Feign call through Spring Cloud CircuitBreaker can end with, as
/// the Resilience4j circuit breaker sees them, each with its superclasses (most specific
/// first, binary names): what `record-exceptions` matches, since 1.7.0 tests each listed
/// class with `exClass.isAssignableFrom(e.getClass())` (PredicateCreator.java:33-34).
///
/// The breaker sees the exception itself: the time limiter unwraps the executor's
/// ExecutionException (TimeLimiterImpl.java:42-67, `decorateFutureSupplier`), and
/// FeignCircuitBreakerInvocationHandler (spring-cloud-openfeign 3.1) rethrows Feign's
/// RuntimeExceptions as they are.
public enum JavaExceptions {
    static let runtime = ["java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"]
    static let feign = ["feign.FeignException"] + runtime

    /// The time limiter's `TimeoutException` (`TimeLimiter.createdTimeoutExceptionWithName`,
    /// TimeLimiter.java:220, 1.7.0).
    public static let timeLimiterTimeout = ["java.util.concurrent.TimeoutException", "java.lang.Exception", "java.lang.Throwable"]

    /// Feign 11.8's `ErrorDecoder.Default` for a status outside 2xx (`FeignException.errorStatus`,
    /// FeignException.java:188-262: 11.7 and 11.10, which Spring Cloud OpenFeign 3.1.x also
    /// ship, are the same), and `errorExecuting` (line 264) for an IOException: a refused
    /// or reset connection, or Feign's own read timeout, is a RetryableException.
    public static func thrownByFeign(_ result: HTTPResult) -> [String] {
        guard case .response(let r) = result else { return ["feign.RetryableException"] + feign }
        if let name = clientErrors.first(where: { $0.status == r.status })?.name {
            return ["feign.FeignException$\(name)", "feign.FeignException$FeignClientException"] + feign
        }
        if (400..<500).contains(r.status) { return ["feign.FeignException$FeignClientException"] + feign }
        if let name = serverErrors.first(where: { $0.status == r.status })?.name {
            return ["feign.FeignException$\(name)", "feign.FeignException$FeignServerException"] + feign
        }
        if (500...599).contains(r.status) { return ["feign.FeignException$FeignServerException"] + feign }
        return feign
    }

    static let clientErrors: [(status: Int, name: String)] = [
        (400, "BadRequest"), (401, "Unauthorized"), (403, "Forbidden"), (404, "NotFound"), (405, "MethodNotAllowed"),
        (406, "NotAcceptable"), (409, "Conflict"), (410, "Gone"), (415, "UnsupportedMediaType"),
        (422, "UnprocessableEntity"), (429, "TooManyRequests"),
    ]
    static let serverErrors: [(status: Int, name: String)] = [
        (500, "InternalServerError"), (501, "NotImplemented"), (502, "BadGateway"), (503, "ServiceUnavailable"), (504, "GatewayTimeout"),
    ]

    /// Classes every classpath has that no Feign call ends with (Feign wraps an IOException
    /// in a RetryableException): listing them matches nothing, as in the real application.
    static let neverThrown = ["java.io.IOException", "java.net.SocketException", "java.net.ConnectException",
                              "java.net.SocketTimeoutException", "java.lang.Error"]

    /// Every class `record-exceptions` may name here.
    public static let known: [String] = runtime.reversed() + [timeLimiterTimeout[0], "feign.FeignException", "feign.RetryableException"]
        + ["feign.FeignException$FeignClientException"] + clientErrors.map { "feign.FeignException$\($0.name)" }
        + ["feign.FeignException$FeignServerException"] + serverErrors.map { "feign.FeignException$\($0.name)" }
        + neverThrown

    /// The binary name of a class as Spring's `ClassUtils.forName` resolves it (a nested
    /// class also as `Outer.Inner`), or an error naming the classes the model knows.
    static func resolve(_ name: String) throws -> String {
        if known.contains(name) { return name }
        if let dot = name.lastIndex(of: ".") {
            let nested = name[..<dot] + "$" + name[name.index(after: dot)...]
            if known.contains(String(nested)) { return String(nested) }
        }
        throw ValueError("'\(name)' is not an exception class the model knows (record-exceptions takes: \(known.joined(separator: ", ")))")
    }
}
