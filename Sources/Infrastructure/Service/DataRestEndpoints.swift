/// The endpoints a Spring Data REST repository exports (`RepositoryEntityController`),
/// each a program: `POST /things`, `GET /things/{id}`, `PATCH`/`PUT /things/{id}`,
/// `DELETE /things/{id}`, `GET /things`. Each runs in one JPA transaction (the repository's
/// `@Transactional` methods); the request's arguments are in the registers.
public struct DataRestEndpoints {
    public var create: [Step]
    public var read: [Step]
    public var update: [Step]
    public var delete: [Step]
    public var list: [Step]

    public init(create: [Step], read: [Step], update: [Step], delete: [Step], list: [Step]) {
        self.create = create; self.read = read; self.update = update; self.delete = delete; self.list = list
    }

    /// Spring Data REST 3.1 over Hibernate 5.3, as the model runs them.
    public static let springDataRest = DataRestEndpoints(
        // save(): em.persist dispatches @PrePersist; the sequence; the commit flushes the
        // insert, then @PostPersist; then the row, its events after commit, 201.
        create: [
            .transaction([.cpu(.persist), .hook(.prePersist), .nextval, .insert, .hook(.postPersist), .commit,
                          .save, .publish(.lifecycle)]),
            .respond(.created),
        ],
        // findById: the select, the commit; the row as it is then.
        read: [
            .transaction([.sql(binds: .fixed(1), extracts: .columns), .commit]),
            .find(.byId(.pathId)),
            .when(.found, then: [.respond(.entity)], otherwise: [.respond(.notFound)]),
        ],
        // findById, then save() of the merged row: the select, the update, the commit.
        update: [
            .transaction([
                .sql(binds: .fixed(1), extracts: .columns), .sql(binds: .columns, extracts: .fixed(0)), .commit,
                .find(.byId(.pathId)),
                .when(.found, then: [
                    .applyBody,
                    .when(.bodyApplied, then: [.save, .publish(.lifecycle), .prepare(.updated)], otherwise: [.prepare(.badRequest)]),
                ], otherwise: [.prepare(.notFound)]),
            ]),
            .respond(.prepared),
        ],
        // findById, then delete: the select, the delete, the commit.
        delete: [
            .transaction([
                .sql(binds: .fixed(1), extracts: .columns), .sql(binds: .fixed(1), extracts: .fixed(0)), .commit,
                .find(.byId(.pathId)), .when(.found, then: [.remove], otherwise: []),
            ]),
            .when(.found, then: [.respond(.noContent)], otherwise: [.respond(.notFound)]),
        ],
        // findAll(Pageable): select ... limit ?, each column of the page's rows read through
        // a type descriptor.
        list: [
            .transaction([.sql(binds: .fixed(1), extracts: .pageColumns), .commit]),
            .respond(.page),
        ])

    /// The body of a Kafka handler's transaction (`repository.findById` and `save`: the
    /// select, the update, the commit), then `steps` at the commit.
    public static func handlerTransaction(_ steps: [Step]) -> [Step] {
        [.transaction([.sql(binds: .fixed(1), extracts: .columns), .sql(binds: .columns, extracts: .fixed(0)), .commit] + steps)]
    }
}
