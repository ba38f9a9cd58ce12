"""The pages as a phone uses them: navigation, sign-up's zone, the web app manifest, wide
tables in named scroll regions, a planned stop, the copy field for a new share link."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from tests.conftest import login, make_user
from tests.reports.factories import get_user, history
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


class Elements(HTMLParser):
    """Every start tag with its attributes, and which tags each one encloses."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict, tuple[dict, ...]]] = []
        self._open: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self.tags.append((tag, a, tuple(x for _, x in self._open)))
        if tag not in {"input", "meta", "link", "br", "img", "col", "source", "hr"}:
            self._open.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break


def elements(html: str) -> list[tuple[str, dict, tuple[dict, ...]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def scroll_regions(html: str) -> list[dict]:
    return [a for tag, a, _ in elements(html) if "table-scroll" in (a.get("class") or "")]


def names_resolve(region: dict, html: str) -> bool:
    """The region has a name: an aria-label, or aria-labelledby pointing at an element here."""
    if region.get("aria-label"):
        return True
    target = region.get("aria-labelledby")
    return bool(target) and f'id="{target}"' in html


def assert_tables_in_named_regions(html: str) -> None:
    tables = [(a, outer) for tag, a, outer in elements(html) if tag == "table"]
    assert tables
    for _attrs, outer in tables:
        region = next(o for o in reversed(outer) if "table-scroll" in (o.get("class") or ""))
        assert region.get("tabindex") == "0"
        assert region.get("role") == "region"
        assert names_resolve(region, html)


@pytest.fixture
def logged_in(app, client):
    make_user(app, tz=TZ)
    login(client)
    return client


def test_the_navigation_leads_to_appointments(logged_in):
    html = logged_in.get("/medications").get_data(as_text=True)
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert 'href="/appointments"' in nav
    assert ">Appointments</a>" in nav


def test_the_appointments_link_is_marked_current_on_the_appointments_page(logged_in):
    html = logged_in.get("/appointments").get_data(as_text=True)
    assert re.search(r'href="/appointments"\s+aria-current="page"', html)


def test_logged_out_pages_name_the_app_on_a_phone(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'class="brand brand-out"' in html


def test_signup_offers_the_common_zones_first_and_picks_none_for_the_person(client):
    html = client.get("/signup").get_data(as_text=True)
    options = re.findall(r'<option(?: selected)? value="([^"]*)"', html)
    zones = [o for o in options if o]
    assert zones[0] == "Europe/London"
    assert zones[:8] == [
        "Europe/London",
        "Europe/Berlin",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "Asia/Tokyo",
        "Australia/Sydney",
    ]
    assert "Pacific/Auckland" in zones and "UTC" in zones
    assert re.search(r'<option selected value="">Choose your time zone</option>', html)


def test_signup_keeps_the_zone_chosen_in_the_picker(app, client):
    response = client.post(
        "/signup",
        data={
            "email": "zone@example.org",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
            "timezone": "Asia/Tokyo",
        },
    )
    assert response.headers["Location"].endswith("/medications/new")
    from sqlalchemy import select

    from tracker.auth.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "zone@example.org"))
        assert user.timezone == "Asia/Tokyo"


def test_signup_without_a_chosen_zone_asks_for_one_and_creates_nobody(app, client):
    response = client.post(
        "/signup",
        data={
            "email": "nozone@example.org",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
            "timezone": "",
        },
    )
    assert response.status_code == 422
    assert "Choose your time zone." in response.get_data(as_text=True)
    from sqlalchemy import func, select

    from tracker.auth.models import User

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_the_manifest_is_served_as_a_standalone_app_with_icons_that_exist(client):
    response = client.get("/static/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "../today"  # relative to /static/: the Today page
    assert manifest["theme_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(f"/static/{icon['src']}")
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = (int.from_bytes(image.data[n : n + 4], "big") for n in (16, 20))
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes


def test_every_page_links_the_manifest_and_the_theme_colour(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#24577a">' in html


def test_report_tables_sit_in_focusable_named_scroll_regions(app, logged_in):
    with app.app_context():
        uid = get_user_id(app)
        history(get_user(uid), now=utcnow())
        db.session.commit()
    html = logged_in.get("/report?range=30&appendix=1").get_data(as_text=True)
    assert 'aria-label="Adherence by medication"' in html
    assert_tables_in_named_regions(html)


def get_user_id(app) -> int:  # noqa: ANN001
    from sqlalchemy import select

    from tracker.auth.models import User

    return db.session.scalar(select(User.id))


def _add_medication(client, started_on):  # noqa: ANN001, ANN202
    response = client.post(
        "/medications/new",
        data={
            "name": "Sertraline",
            "kind": "scheduled",
            "unit": "mg",
            "started_on": started_on.isoformat(),
            "rows-0-at": "08:00",
            "rows-0-amount": "75",
        },
    )
    return response.headers["Location"]


def test_medication_page_tables_sit_in_focusable_named_scroll_regions(logged_in):
    page = _add_medication(logged_in, local_today(TZ, utcnow()) - timedelta(days=3))
    assert_tables_in_named_regions(logged_in.get(page).get_data(as_text=True))
    assert_tables_in_named_regions(logged_in.get(page + "/history").get_data(as_text=True))


def test_a_taper_ending_in_a_stop_says_when_it_stops_not_that_it_stopped(logged_in):
    today = local_today(TZ, utcnow())
    page = _add_medication(logged_in, today - timedelta(days=30))
    starts = today + timedelta(days=1)
    response = logged_in.post(
        page + "/taper",
        data={
            "starts_on": starts.isoformat(),
            "at": "08:00",
            "start_amount": "75",
            "step": "25",
            "interval_days": "14",
            "end_amount": "25",
            "ends_in_stop": "y",
            "stop_reason": "course_completed",
        },
    )
    assert response.status_code in (302, 303)
    stop = starts + timedelta(days=42)
    html = logged_in.get(page).get_data(as_text=True)
    assert f"stops on {stop:%a} {stop.day} {stop:%b %Y}" in html
    assert "stopped" not in html
    listing = logged_in.get("/medications").get_data(as_text=True)
    assert "stops on" in listing and "stopped on" not in listing


def test_the_taper_hint_agrees_with_its_example(logged_in):
    page = _add_medication(logged_in, local_today(TZ, utcnow()) - timedelta(days=30))
    html = logged_in.get(page + "/taper").get_data(as_text=True)
    assert "0 with a stop" not in html
    assert "the stop comes one interval after it" in html
    assert "down to 25, ending with a stop" in html


def test_a_new_share_link_shows_the_whole_address_to_select_and_a_copy_button(logged_in):
    today = local_today(TZ, utcnow())
    response = logged_in.post(
        "/shares",
        data={
            "label": "Dr Okafor",
            "range": "30",
            "start": (today - timedelta(days=29)).isoformat(),
            "end": today.isoformat(),
            "days": "14",
            "pin": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 201, html
    address = re.search(r"http://localhost/s/[A-Za-z0-9_-]+", html).group(0)
    assert re.search(
        rf'<textarea id="share-url"[^>]*readonly[^>]*>{re.escape(address)}</textarea>', html
    )
    assert '<button type="button" data-copy="share-url" hidden>' in html
    assert "/static/copy.js" in html


def test_settings_explain_tokens_plainly_and_fold_the_details(logged_in):
    html = logged_in.get("/settings").get_data(as_text=True)
    section = html[html.index('<h2 id="api">') :]
    assert "A token is a password for a program" in section
    details = section[section.index("<details>") : section.index("</details>")]
    assert "Authorization: Bearer" in details
