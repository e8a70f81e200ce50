/* FetchSource: the part of EventSource a Stream uses, read with fetch.
 *
 * An EventSource dispatches a named event only to listeners of that name, and htmx 4 turns every named event of a
 * stream into a DOM event, whatever its name: on an htmx 4 page the runtime must see them all. A FetchSource reads the
 * stream itself (the text/event-stream format of the HTML standard) and also dispatches each event to listeners of
 * '*'. Like an EventSource that failed, it never retries by itself: the Stream that opened it decides. */

import { CLOSED, CONNECTING, OPEN } from './protocol.js';

/* A text/event-stream parser: `feed(bytes)` takes the stream's bytes in any cut, `emit(type, data, lastEventId)` gets
 * each complete event. Each chunk is scanned once and a line cut across chunks is joined once, when it ends: linear in
 * the stream's length, however long its lines and however small its chunks. */
export function sseParser(emit) {
  const decoder = new TextDecoder();   // UTF-8; it removes the one BOM the standard removes, and only at the start
  let parts = [], afterCR = false, data = [], type = '', lastEventId = '';
  const line = (text) => {
    if (!text) {
      if (data.length || type) emit(type || 'message', data.join('\n'), lastEventId);   // as hx-sse: a name alone is an event
      data = [];
      type = '';
      return;
    }
    const colon = text.indexOf(':');
    if (colon === 0) return;   // a comment
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
  };
  return (bytes) => {
    const text = decoder.decode(bytes, { stream: true });
    if (!text) return;   // (half of a character)
    const ends = /\r\n?|\n/g;   // a CR ends its line at once, even as the chunk's last byte: a LF after it is then dropped
    let start = ends.lastIndex = afterCR && text[0] === '\n' ? 1 : 0;
    for (let end; (end = ends.exec(text)); start = ends.lastIndex) {
      parts.push(text.slice(start, end.index));
      line(parts.join(''));
      parts = [];
    }
    if (start < text.length) parts.push(text.slice(start));
    afterCR = text.endsWith('\r');
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
    const mime = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    if (response.status !== 200 || mime !== 'text/event-stream') {
      this.readyState = CLOSED;   // the server answered, and not with a stream: as EventSource, CLOSED before 'error'
      this.status = response.status;   // 204: the server says stop (the standard's way to end a stream for good)
      return this.dispatch(new Event('error'));
    }
    this.readyState = OPEN;
    this.dispatch(new Event('open'));
    const origin = new URL(response.url || this.url, location.href).origin;
    const feed = sseParser((type, data, lastEventId) => {
      if (this.readyState === OPEN) this.dispatch(new MessageEvent(type, { data, lastEventId, origin }));
    });
    const reader = response.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(value);
    }
    this.fail();   // the server ended the stream
  }

  fail() {  // the stream is lost: as EventSource does while it would retry (CONNECTING), 'error'
    if (this.readyState === CLOSED) return;
    this.readyState = CONNECTING;
    this.dispatch(new Event('error'));
  }
}
