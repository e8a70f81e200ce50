"""The runtime's FetchSource (the stream reader of htmx 4 pages) reads the bytes of an event stream as Chromium's own
EventSource does: both read the same response at once, from a real uvicorn (tests/apps/parser_app.py) that writes the
bytes exactly as the test gives them, in the chunks it gives."""
import pytest

TYPES = ['message', 'e', 'update']   # the event names the cases use (an EventSource hands out only the names it is asked for)




@pytest.fixture
def compare(serve, open_page, watch):
    server = serve('parser_app:app')
    page = open_page(f'{server.url}/')
    page.wait_for_function('window.ready === true')
    def compare_(chunks, ms=3000, pause=0.1, hold=0, status=200, type='text/event-stream'):
        "What EventSource and FetchSource saw of these chunks (bytes or str), each written `pause` s apart"
        data = ','.join((c.encode() if isinstance(c, str) else c).hex() for c in chunks)
        url = f'/raw?chunks={data}&pause={pause}&hold={hold}&status={status}&type={type}'
        return page.evaluate('([url, types, ms]) => compare(url, types, ms)', [url, TYPES, ms])
    return compare_

def events(seen): return [event[:3] for event in seen['events']]


STREAMS = {
    'a CR that ends the stream ends its event': ['data: x\r\n\r'],
    'a CR LF cut between two writes': ['data: a\r', '\ndata: b\r\n\r\n'],
    'CR, LF and CR LF line ends mixed': ['data: a\n\r\nevent: e\rdata: b\r\rid: 1\r\ndata: c\n\n'],
    'the BOM that starts the stream is removed, not a second one': [b'\xef\xbb\xbf\xef\xbb\xbfdata: 1\n\n', 'data: 2\n\n'],
    'a BOM cut between writes': [b'\xef', b'\xbb\xbfdata: 1\n\n'],
    'characters cut between writes': [b'data: \xc3', b'\xa9\xe2\x82', b'\xac\xf0\x9f\x98', b'\x80\n\n'],
    'U+2028, NEL, VT and FF are data': ['data: a\u2028b\u0085c\x0bd\x0ce\n\n'],
    'fields as the standard reads them': ['data:a\ndata\ndata:  b\nfoo: 1\nretry: 5\n:c\nDATA: x\nevent: update\n\n'],
    'an id with NUL is ignored, a good one kept for the next events': ['id: 7\ndata: a\n\nid: 8\0\ndata: b\n\nid\ndata: c\n\n'],
    'an event the stream ends before its blank line is dropped': ['data: a\n\ndata: b\n'],
}

def test_the_same_events_as_chromiums_eventsource(compare):
    differ = {}
    for name, chunks in STREAMS.items():
        seen = compare(chunks)
        assert events(seen['native']), f'{name}: Chromium read nothing, so the case tests nothing'
        if events(seen['fetched']) != events(seen['native']) or not seen['fetched']['opened'] or seen['fetched']['readyState'] != 0:
            differ[name] = seen   # (readyState 0 at the end: the stream ended, and it would reconnect)
    assert not differ, differ


def test_an_event_ended_by_a_cr_is_out_with_its_write(compare):
    # A server that ends lines with CR alone: each event's blank line is the CR that ends its write. Chromium hands it
    # out at once; the reader must not wait for the next write (there is none for 2 s) to know whether a LF follows.
    seen = compare(['data: a\r\r', 'data: b\r\r'], ms=1500, pause=2)
    assert events(seen['native']) == events(seen['fetched']) == [['message', 'a', '']]
    assert abs(seen['fetched']['events'][0][3] - seen['native']['events'][0][3]) < 500, seen


ANSWERS = [(200, 'text/event-stream'), (200, 'Text/Event-Stream; charset=utf-8'), (200, 'TEXT/EVENT-STREAM'),
           (200, 'text/event-stream;x=1'), (200, 'text/event-streams'), (200, 'text/event-stream-x'), (200, 'text/plain'),
           (200, ''), (201, 'text/event-stream'), (206, 'text/event-stream'), (204, 'text/event-stream'),
           (503, 'text/event-stream')]

def test_a_stream_is_what_chromium_takes_for_one(compare, watch):
    watch.allow(r"EventSource's response has .*", r'Failed to load resource: .*')   # Chromium's own, for a refused stream
    differ, opened = {}, 0
    for status, type in ANSWERS:
        seen = compare(['data: hi\n\n'], status=status, type=type)
        for reader in ('native', 'fetched'): seen[reader]['events'] = events(seen[reader])
        if seen['fetched'] != seen['native']: differ[status, type] = seen
        opened += seen['native']['opened']
    assert not differ, differ
    assert 0 < opened < len(ANSWERS)   # Chromium took some as streams and refused others
