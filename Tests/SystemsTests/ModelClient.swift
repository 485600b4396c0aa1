import SimCore
import Infrastructure
@testable import Systems
import Formats

extension SystemModel {
    /// Sends one request from the client and runs the model until it is answered.
    @discardableResult
    func call(_ method: String, _ host: String, _ path: String, _ body: JSON? = nil) -> HTTPResult {
        var result: HTTPResult?
        network.send(from: "client", to: host, HTTPRequest(method: method, host: host, path: path, body: body)) { result = HTTPResult($0) }
        sim.run(until: .distantFuture) { result == nil }
        return result!
    }
}
