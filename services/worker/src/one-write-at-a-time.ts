/**
 * Runs the writes to one document one after another within this process. MongoDB applies each update to a
 * document atomically, but FerretDB (the embedded stack) reads the document, changes it and writes it back
 * whole, so two updates of one conference at once (an answer, and the state it completes) could lose one:
 * the state was seen lost that way. Different documents still go in parallel.
 */
export function oneWriteAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return function write<T>(documentId: string, update: () => Promise<T>): Promise<T> {
    const result = (tails.get(documentId) ?? Promise.resolve()).then(update);
    const tail = result.catch(() => undefined);
    tails.set(documentId, tail);
    void tail.then(() => {
      if (tails.get(documentId) === tail) tails.delete(documentId);
    });
    return result;
  };
}
