import Foundation

/// resortsim: run scenario files of the resort reservation system on a virtual clock.
setvbuf(stdout, nil, _IOFBF, 1 << 16)
let status = CLI.main(Array(CommandLine.arguments.dropFirst()))
fflush(stdout)
exit(status)
