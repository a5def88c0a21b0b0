/**
 * Reads of one key that arrive in the same turn of the event loop share one query. The query
 * is sent once that turn has read every request that came in with the first one, so it starts
 * after each of them arrived: nobody is answered from a state older than their request. A read
 * arriving later starts a query of its own; nobody joins a query already sent.
 *
 * A link posted in a busy chat is opened by dozens of people at once; each visit used to cost
 * its own lookup. Callers share the value read, so they must not change it.
 */
export class SameTurnReads<Value> {
  private readonly pending = new Map<string, Promise<Value>>();

  constructor(private readonly read: (key: string) => Promise<Value>) {}

  get(key: string): Promise<Value> {
    let shared = this.pending.get(key);
    if (!shared) {
      shared = new Promise<Value>((resolve, reject) => {
        setImmediate(() => {
          this.pending.delete(key);
          this.read(key).then(resolve, reject);
        });
      });
      this.pending.set(key, shared);
    }
    return shared;
  }
}
