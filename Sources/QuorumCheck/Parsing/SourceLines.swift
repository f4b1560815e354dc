/// The lines of a file as bytes, numbered from 1, without their `\n` or `\r\n`.
///
/// Parsers work on bytes so that no input, however broken its encoding, can trip them up; text
/// is decoded (invalid UTF-8 replaced) only where a string value is taken out of it.
struct SourceLines: Sequence {
    let bytes: [UInt8]

    func makeIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0
        var number = 0

        mutating func next() -> (number: Int, bytes: ArraySlice<UInt8>)? {
            guard position < bytes.count else { return nil }
            number += 1
            let start = position
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            position = end + 1
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            return (number, bytes[start..<last])
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// The slice without leading and trailing spaces and tabs.
    var trimmed: ArraySlice<UInt8> {
        var slice = self
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    var text: String { String(decoding: self, as: UTF8.self) }
}
