import Foundation

/// Paths checked before any work starts, and write errors said in words: one line naming
/// the option, the path and what is wrong with it (never "NSCocoaErrorDomain error 512").
enum Paths {
    static func check(_ path: String, role: PathRole, option: String) throws {
        switch role {
        case .inputFile: try inputFile(path, option: option)
        case .outputFile: try outputFile(path, option: option)
        case .outputDirectory: try outputDirectory(path, option: option)
        case .directory: break
        }
    }

    /// Whether `path` exists, and is a directory.
    static func kind(_ path: String) -> (exists: Bool, directory: Bool) {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        return (exists, exists && isDir.boolValue)
    }

    /// Whether `path`, its links followed, is a plain file.
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func inputFile(_ path: String, option: String) throws {
        let k = kind(path)
        guard k.exists else { throw UsageError("\(option) \(path): no such file") }
        guard !k.directory else { throw UsageError("\(option) \(path): is a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw UsageError("\(option) \(path): the file is not readable") }
    }

    /// A file to write: not a directory, in an existing writable directory.
    static func outputFile(_ path: String, option: String) throws {
        let k = kind(path)
        if k.directory { throw UsageError("\(option) \(path): is a directory (expected the name of a file to write)") }
        // Written atomically (a new file renamed over the old), which would replace a device
        // or a pipe with a plain file, /dev/null among them when run as root.
        if k.exists && !isRegularFile(path) {
            throw UsageError("\(option) \(path): is not a regular file (a device, pipe or socket; expected the name of a file to write)")
        }
        if k.exists && !FileManager.default.isWritableFile(atPath: path) { throw UsageError("\(option) \(path): the file is not writable") }
        let parent = parentDirectory(path)
        let p = kind(parent)
        guard p.exists else { throw UsageError("\(option) \(path): directory \(parent) does not exist") }
        guard p.directory else { throw UsageError("\(option) \(path): \(parent) is a file, not a directory") }
        guard FileManager.default.isWritableFile(atPath: parent) else { throw UsageError("\(option) \(path): directory \(parent) is not writable") }
    }

    /// A directory to write into, created if missing: its nearest existing ancestor must be
    /// a writable directory.
    static func outputDirectory(_ path: String, option: String) throws {
        var existing = path
        while !kind(existing).exists {
            let up = parentDirectory(existing)
            if up == existing { break }
            existing = up
        }
        let k = kind(existing)
        guard k.directory else {
            throw UsageError("\(option) \(path): " + (existing == path ? "is a file, not a directory" : "\(existing) is a file, not a directory"))
        }
        guard FileManager.default.isWritableFile(atPath: existing) else {
            throw UsageError("\(option) \(path): directory \(existing) is not writable")
        }
    }

    /// The directory holding `path` ("." for a bare name).
    static func parentDirectory(_ path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let parent = (trimmed as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// What went wrong in a read or write, in words ("Permission denied", "No space left on
    /// device"), from the POSIX error under Foundation's.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        switch ns.code {
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return "No such file or directory"
        case CocoaError.fileWriteNoPermission.rawValue, CocoaError.fileReadNoPermission.rawValue: return "Permission denied"
        case CocoaError.fileWriteOutOfSpace.rawValue: return "No space left on device"
        case CocoaError.fileWriteVolumeReadOnly.rawValue: return "Read-only file system"
        default: return "the system refused it (is the path a directory, or its parent a file?)"
        }
    }
}
