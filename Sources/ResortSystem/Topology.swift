/// One service of the resort reservation system (SEED-FLOWS.md): what every other part
/// of the model needs to know about it, in one place.
public struct ServiceSpec {
    /// The Kubernetes Deployment and Service name, and the host `NAME:8080`.
    public let name: String
    /// The port it listens on when run locally (`localhost:PORT`, the seed's application.yml).
    public let port: Int
    /// The gateway's route: requests whose path starts with it go to this service.
    public let route: String
    /// The entity name its published events start with (`ReservationRegistered`); nil when
    /// it publishes none.
    public let eventPrefix: String?
    /// The application code its pods run.
    public let makeApplication: () -> DataRestService
}

/// The system's services in the order the model creates them (creation order is part of
/// every run's determinism, so this order must not change).
public enum Topology {
    public static let services: [ServiceSpec] = [
        ServiceSpec(name: "reservation", port: 8081, route: "/reservations", eventPrefix: "Reservation", makeApplication: { DataRestService(schema: ReservationService.schema, program: ReservationService.program) }),
        ServiceSpec(name: "resort", port: 8082, route: "/resorts", eventPrefix: "Resort", makeApplication: { DataRestService(schema: ResortService.schema, program: ResortService.program) }),
        ServiceSpec(name: "mypage", port: 8083, route: "/myPages", eventPrefix: nil, makeApplication: { DataRestService(schema: MyPageService.schema, program: MyPageService.program) }),
        ServiceSpec(name: "payment", port: 8084, route: "/payments", eventPrefix: "Payment", makeApplication: { DataRestService(schema: PaymentService.schema, program: PaymentService.program) }),
        ServiceSpec(name: "voucher", port: 8085, route: "/vouchers", eventPrefix: "Voucher", makeApplication: { DataRestService(schema: VoucherService.schema, program: VoucherService.program) }),
    ]
    /// The services' names, in creation order.
    public static let names: [String] = services.map { $0.name }

    /// The service called `name`, if the system has one.
    public static func service(_ name: String) -> ServiceSpec? { services.first { $0.name == name } }
}
