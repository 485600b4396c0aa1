/// The version printed by `--version` and written into every report.
public let resortsimVersion = "0.1.0"
