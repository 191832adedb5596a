internal import CLibXML2

/// The names (of elements and attributes) that the trees built one after another on one task
/// share: a libxml2 dictionary. A build renders each document in two languages and two formats;
/// one dictionary for the four trees is made once instead of four times (making one allocates
/// a table large enough to make the allocator reorganise its free memory each time).
///
/// Not `Sendable`, on purpose: libxml2 adds names to a dictionary without a lock, so the trees
/// that share one are built on the task that made it. Each tree holds a reference of its own:
/// the dictionary lives as long as the last of them.
final class XMLNames {
    let pointer: xmlDictPtr

    init() {
        _ = libxml2Initialized
        pointer = xmlDictCreate()
    }

    deinit { xmlDictFree(pointer) }
}
