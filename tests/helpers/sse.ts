import http from 'node:http';

export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
  retry: number | undefined;
  comment: boolean;
}

export interface EventStream {
  response: http.IncomingMessage;
  events: ServerSentEvent[];
  /** Resolves with the first event (already received or still to come) of this type after `from`. */
  next(event: string, timeoutMs?: number): Promise<ServerSentEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parseBlock(block: string): ServerSentEvent {
  const parsed: ServerSentEvent = {
    event: 'message',
    data: '',
    id: undefined,
    retry: undefined,
    comment: false,
  };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      parsed.comment = true;
      parsed.event = 'comment';
      parsed.data = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') parsed.event = value;
    if (field === 'data') data.push(value);
    if (field === 'id') parsed.id = value;
    if (field === 'retry') {
      parsed.retry = Number(value);
      if (parsed.event === 'message' && data.length === 0) parsed.event = 'retry';
    }
  }
  if (data.length > 0) parsed.data = data.join('\n');
  return parsed;
}

/** Opens a real HTTP event stream and parses what arrives. Rejects on a non-200 status (with its status). */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(
          Object.assign(new Error(`status ${response.statusCode}`), { statusCode: response.statusCode }),
        );
        return;
      }
      const events: ServerSentEvent[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          events.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters.splice(0)) wake();
      });
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
        response.on('error', () => done());
      });
      let consumed = 0;
      resolve({
        response,
        events,
        ended,
        close: () => request.destroy(),
        next(event, timeoutMs = 5000) {
          return new Promise((found, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no "${event}" event within ${timeoutMs} ms`)),
              timeoutMs,
            );
            const look = () => {
              for (let index = consumed; index < events.length; index += 1) {
                const candidate = events[index];
                if (candidate?.event === event) {
                  consumed = index + 1;
                  clearTimeout(timer);
                  found(candidate);
                  return;
                }
              }
              waiters.push(look);
            };
            look();
          });
        },
      });
    });
    request.on('error', reject);
  });
}
