import Foundation

/// resortsim: run scenario files of a microservice system (systems/NAME) on a virtual clock.
setvbuf(stdout, nil, _IOFBF, 1 << 16)
let status = CLI.main(Array(CommandLine.arguments.dropFirst()))
fflush(stdout)
exit(status)
