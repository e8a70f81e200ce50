"The status indicators as a browser renders them, with daisyUI's and Tailwind's real CSS."
from urllib.parse import quote
import pytest
from harness import visible_text
from sse_monitor import DEFAULT_LABELS, STATES

DESKTOP, PHONE = (1280, 800), (375, 667)
HOSTILE_LABEL = '<script>alert("x")</script><img src=x onerror=alert(1)> "double" \'single\' `back` ${tick}'


@pytest.fixture
def gallery(serve): return serve('indicator_gallery:app')


def _ready(page):
    "Wait until Tailwind's browser build has generated the utilities the page uses"
    page.wait_for_function("getComputedStyle(document.querySelector('[data-sse-state]')).display === 'inline-flex'")


def _dot_colour(page, selector):
    return page.locator(selector).evaluate('el => getComputedStyle(el).backgroundColor')


def test_four_states_four_colours(gallery, open_page, tmp_path):
    page = open_page(gallery.url, *DESKTOP)
    _ready(page)
    colours = {s: _dot_colour(page, f'#sse-status-{s} .status') for s in STATES}
    uncoloured = _dot_colour(page, '#uncoloured')
    assert len(set(colours.values())) == 4, colours
    assert uncoloured not in colours.values() and 'rgba(0, 0, 0, 0)' not in colours.values(), (colours, uncoloured)
    page.screenshot(path=tmp_path/'indicators-desktop.png', full_page=True)
    assert (tmp_path/'indicators-desktop.png').stat().st_size > 1000


@pytest.mark.parametrize('viewport,hide_on_mobile,labels_shown', [
    (DESKTOP, 1, True), (PHONE, 1, False), (PHONE, 0, True)])
def test_label_visibility(gallery, open_page, tmp_path, viewport, hide_on_mobile, labels_shown):
    page = open_page(f'{gallery.url}/?hide_text_on_mobile={hide_on_mobile}', *viewport)
    _ready(page)
    for state in STATES:
        label = DEFAULT_LABELS[state]
        assert visible_text(page, f'#sse-status-{state}') == (label if labels_shown else ''), state
        # Shown or not, the label is what assistive technology reads from the live region.
        assert label in page.locator(f'#sse-status-{state}').aria_snapshot()
        assert page.locator(f'#sse-status-{state}').get_attribute('role') == 'status'
    page.screenshot(path=tmp_path/f'indicators-{viewport[0]}px.png', full_page=True)


def test_hostile_label_is_text(gallery, open_page):
    page = open_page(f'{gallery.url}/?label={quote(HOSTILE_LABEL)}', *DESKTOP)
    _ready(page)
    assert visible_text(page, '#sse-status-hostile') == HOSTILE_LABEL
    assert page.locator('#sse-status-hostile script, #sse-status-hostile img').count() == 0
    # A dialog (from the <script> running) would fail the test through the page watch.
