package handler

import "sync"

// Continuum patch (infra/src/ferretdb-patches.ts, "one writer per collection"): FerretDB 1.24 runs an
// update, findAndModify or delete by reading the matching documents, changing them in Go and writing them
// back, with nothing that stops a concurrent writer in between: two conditional updates both match, and
// concurrent $inc or $addToSet lose each other's changes. One writer at a time per collection makes each
// of those read-modify-writes atomic within this process; the embedded stack runs a single FerretDB.
var collectionWriteLocks sync.Map

func lockCollectionWrites(db, collection string) (unlock func()) {
	l, _ := collectionWriteLocks.LoadOrStore(db+"."+collection, new(sync.Mutex))
	mu := l.(*sync.Mutex)
	mu.Lock()

	return mu.Unlock
}
