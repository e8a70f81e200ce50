/* FetchSource: the part of EventSource a ManagedSource uses, read with fetch.
 *
 * An EventSource dispatches a named event only to listeners of that name, and htmx 4 turns every named event of a
 * stream into a DOM event, whatever its name: on an htmx 4 page the runtime must see them all. A FetchSource reads the
 * stream itself (the text/event-stream format of the HTML standard) and also dispatches each event to listeners of
 * '*'. Like an EventSource that failed, it never retries by itself: the ManagedSource that opened it decides. */

const CONNECTING = 0, OPEN = 1, CLOSED = 2;

/* Feed `text` (any cut of the stream) to `parser`; `emit(type, data, lastEventId)` gets each complete event */
export function sseParser(emit) {
  let buffer = '', data = [], type = '', lastEventId = '', started = false;
  return (text) => {
    if (!started) { started = true; if (text.charCodeAt(0) === 0xFEFF) text = text.slice(1); }
    buffer += text;
    const held = buffer.endsWith('\r');   // maybe half of a \r\n: wait for the next chunk to know
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    buffer = lines.pop() + (held ? '\r' : '');
    for (const line of lines) {
      if (!line) {
        if (data.length || type) emit(type || 'message', data.join('\n'), lastEventId);   // as hx-sse: a name alone is an event
        data = [];
        type = '';
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue;   // a comment
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') type = value;
      else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    }
  };
}

export class FetchSource {
  static wildcard = true;   // dispatches every event to '*' listeners too

  /* `headers`: more request headers, or a function of the URL that gives them (or a promise of them) when the request
   * is made (an Accept among them is left out: a stream asks for text/event-stream) */
  constructor(url, { withCredentials = true, headers = {} } = {}) {
    this.url = url;
    this.readyState = CONNECTING;
    this.listeners = new Map();   // type -> Set of listeners
    this.aborter = new AbortController();
    this.read(withCredentials, headers).catch(() => this.fail());
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
  }

  dispatch(event) {
    Object.defineProperty(event, 'target', { value: this });   // as an EventSource's events say where they come from
    const types = event instanceof MessageEvent ? [event.type, '*'] : [event.type];   // '*': the stream's events, not open or error
    for (const type of types) for (const listener of this.listeners.get(type) || []) listener(event);
  }

  close() {
    this.readyState = CLOSED;
    this.aborter.abort();
  }

  async read(withCredentials, headers) {
    const more = Object.entries(await (typeof headers === 'function' ? headers(this.url) : headers) || {});
    if (this.readyState === CLOSED) return;
    const sent = Object.fromEntries(more.filter(([name]) => name.toLowerCase() !== 'accept').concat([['Accept', 'text/event-stream']]));
    const response = await fetch(this.url, { headers: sent, cache: 'no-store',
                                             credentials: withCredentials ? 'include' : 'same-origin', signal: this.aborter.signal });
    if (this.readyState === CLOSED) return;
    if (!response.ok || !(response.headers.get('content-type') || '').startsWith('text/event-stream')) {
      this.readyState = CLOSED;   // the server answered, and not with a stream: as EventSource, CLOSED before 'error'
      return this.dispatch(new Event('error'));
    }
    this.readyState = OPEN;
    this.dispatch(new Event('open'));
    const origin = new URL(response.url || this.url, location.href).origin;
    const feed = sseParser((type, data, lastEventId) => {
      if (this.readyState === OPEN) this.dispatch(new MessageEvent(type, { data, lastEventId, origin }));
    });
    const reader = response.body.getReader(), decoder = new TextDecoder();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
    }
    this.fail();   // the server ended the stream
  }

  fail() {  // the stream is lost: as EventSource does while it would retry (CONNECTING), 'error'
    if (this.readyState === CLOSED) return;
    this.readyState = CONNECTING;
    this.dispatch(new Event('error'));
  }
}
