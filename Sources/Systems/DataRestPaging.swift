/// The page a collection resource (`GET /orders?page=1&size=50`) returns, read as Spring
/// Data REST 3.1 (Spring Boot 2.1) reads it: `RepositoryRestMvcConfiguration.pageableResolver()`
/// gives Spring Data Commons 2.1's `PageableHandlerMethodArgumentResolver` the REST
/// configuration's page sizes (spring-data-rest 3.1.x, RepositoryRestMvcConfiguration.java
/// lines 745-754), and its `resolveArgument` bounds what the query asks for.
struct DataRestPageRequest: Equatable {
    /// `RepositoryRestConfiguration.defaultPageSize`, 20 (spring-data-rest 3.1.x,
    /// RepositoryRestConfiguration.java line 58): without `size`, or with one below 1.
    /// Spring Boot 2.1's `RepositoryRestProperties.applyTo` changes it, and the maximum,
    /// only when `spring.data.rest.default-page-size` (`max-page-size`) is set.
    static let defaultPageSize = 20
    /// `RepositoryRestConfiguration.maxPageSize`, 1000 (line 59): a larger `size` is cut to
    /// it. It replaces Spring Data Commons' own `DEFAULT_MAX_PAGE_SIZE` of 2000.
    static let maxPageSize = 1000

    /// The zero-based page number and the page size.
    let page: Int
    let size: Int

    init(page: Int = 0, size: Int = DataRestPageRequest.defaultPageSize) {
        self.page = page
        self.size = size
    }

    /// Reads `page` and `size` from a query string (spring-data-commons 2.1.x,
    /// PageableHandlerMethodArgumentResolver.java lines 246-264 and 331-343). Each
    /// parameter's first value counts, as `ServletRequest.getParameter` returns it; a blank
    /// one is absent; `Integer.parseInt` reads it, and what it refuses (not a number, or
    /// outside a Java int) counts as 0; a negative one is 0, a size above the maximum is the
    /// maximum, and a size below 1 is the default.
    init(query: String) {
        var pageText: String?, sizeText: String?
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = kv.count == 2 ? String(kv[1]) : ""
            if kv[0] == "page", pageText == nil { pageText = value }
            if kv[0] == "size", sizeText == nil { sizeText = value }
        }
        func bounded(_ text: String?, upper: Int) -> Int? {
            guard let text = text, text.contains(where: { !$0.isWhitespace }) else { return nil }
            guard let parsed = Int32(text) else { return 0 }
            return min(max(0, Int(parsed)), upper)
        }
        let page = bounded(pageText, upper: Int(Int32.max)) ?? 0
        let size = bounded(sizeText, upper: Self.maxPageSize) ?? Self.defaultPageSize
        self.init(page: page, size: size < 1 ? Self.defaultPageSize : size)
    }
}
