"""Charts drawn at the width the page shows them: ?w= on the image, the pages' <picture>
sources per screen, and lazy loading below the first screen."""

import re
import struct

import pytest

from tests.conftest import login, make_user
from tests.trends.test_views import _history
from tracker.charts import style
from tracker.trends.charts import CHARTS


@pytest.fixture
def ada(app, client):
    uid = make_user(app)
    _history(app, uid)
    login(client)
    return uid


def _tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


def test_a_chart_asked_360_wide_is_drawn_360_css_px_wide(client, ada):
    svg = client.get("/trends/overview.svg?range=30&w=360")
    assert svg.status_code == 200
    points = float(re.search(rb'<svg[^>]* width="([\d.]+)pt"', svg.data).group(1))
    assert points * 96 / 72 == pytest.approx(360)  # a browser shows 1 pt as 96/72 CSS px
    png = client.get("/trends/mood.png?range=30&w=360")
    width, _ = struct.unpack(">II", png.data[16:24])
    assert width == 360 * style.screen(360).dpi / style.CSS_PX_PER_INCH


@pytest.mark.parametrize("width", ["400", "0", "abc", "3600", ""])
def test_a_width_outside_the_fixed_ones_is_refused(client, ada, width):
    assert client.get(f"/trends/mood.svg?range=30&w={width}").status_code == 400


def test_each_width_is_a_picture_of_its_own_with_its_own_etag(client, ada):
    tags = {client.get(f"/trends/mood.svg?range=30&w={w}").headers["ETag"] for w in style.WIDTHS}
    assert len(tags) == len(style.WIDTHS)
    narrow = client.get("/trends/mood.svg?range=30&w=360")
    again = client.get(
        "/trends/mood.svg?range=30&w=360", headers={"If-None-Match": narrow.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_trends_page_asks_each_screen_for_its_width_and_loads_later_charts_lazily(client, ada):
    html = client.get("/trends?range=30").get_data(as_text=True)
    images = _tags(html, "img")
    assert len(images) == len(CHARTS)
    for n, img in enumerate(images):
        assert re.search(r'width="720" height="\d+"', img)
        assert ('loading="lazy"' in img) == (n >= 2), img
        assert "w=720" in img and "alt=" in img
    sources = _tags(html, "source")
    assert len(sources) == 3 * len(CHARTS)
    for key in CHARTS:
        for width in (320, 360, 480):
            url = f"/trends/{key}.svg?range=30&amp;w={width}"
            (source,) = [s for s in sources if url in s]
            assert 'media="screen and (max-width:' in source and f'width="{width}"' in source
    assert "Data table" in html  # the words and tables stay


def test_the_report_page_gives_a_phone_the_overview_drawn_at_its_width(client, ada):
    html = client.get("/report?range=30").get_data(as_text=True)
    (overview,) = [p for p in re.findall(r"<picture>.*?</picture>", html, re.S) if "overview" in p]
    assert re.search(
        r'<source media="screen and \(max-width: 25rem\)" srcset="[^"]*w=320', overview
    )
    assert "w=360" in overview and "overview.svg" in overview
    (img,) = _tags(overview, "img")
    assert "size=print" in img and 'loading="lazy"' in img  # print and wide screens keep it
    phone = re.search(r'srcset="([^"]*w=360[^"]*)"', overview).group(1).replace("&amp;", "&")
    assert "size=" not in phone
    assert client.get(phone).status_code == 200
