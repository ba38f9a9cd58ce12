"""Share link rules: the token, expiry, revocation, the PIN lock-outs and the openings."""

import hashlib
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW, make_user
from tests.shares.factories import make_share
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.shares import services
from tracker.shares.models import ShareLink, ShareView


@pytest.fixture
def uid(app):
    return make_user(app)


def _find(app, token, now):
    with app.app_context():
        link = services.find_share(token, now=now)
        return None if link is None else link.id


def _pin(app, share_id, pin, now):
    with app.app_context():
        link = db.session.get(ShareLink, share_id)
        ok = services.check_pin(link, pin, now=now)
        db.session.commit()
        return ok


def test_the_token_has_256_bits_and_only_its_hash_is_stored(app, uid):
    share_id, token = make_share(app, uid)
    # token_urlsafe(32): 32 random bytes as 43 base64url characters (6 bits each), >= 128 bits.
    assert len(token) >= 43 and len(token) * 6 >= 128
    with app.app_context():
        link = db.session.get(ShareLink, share_id)
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        row = db.session.execute(select(ShareLink.__table__).where(ShareLink.id == share_id))
        assert token not in " ".join(str(v) for v in row.one())


def test_two_links_never_share_a_token(app, uid):
    tokens = {make_share(app, uid)[1] for _ in range(5)}
    assert len(tokens) == 5


def test_a_link_opens_until_it_expires_after_14_days_by_default(app, uid):
    share_id, token = make_share(app, uid)
    assert _find(app, token, NOW + timedelta(days=13, hours=23)) == share_id
    assert _find(app, token, NOW + timedelta(days=14)) is None
    assert _find(app, "not-" + token, NOW) is None


def test_the_user_chooses_between_1_and_90_days(app, uid):
    _, token = make_share(app, uid, days=90)
    assert _find(app, token, NOW + timedelta(days=89)) is not None
    with app.app_context():
        user = db.session.get(User, uid)
        for days in (0, 91):
            with pytest.raises(Invalid) as exc:
                services.create_share(
                    user,
                    label="x",
                    first=date(2025, 5, 1),
                    last=date(2025, 6, 1),
                    days=days,
                    pin=None,
                    now=NOW,
                )
            assert exc.value.field == "days"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"label": "  "}, "label"),
        ({"label": "x" * 101}, "label"),
        ({"pin": "123"}, "pin"),
        ({"pin": "123456789"}, "pin"),
        ({"pin": "12a4"}, "pin"),
        ({"pin": "١٢٣٤"}, "pin"),  # Arabic-Indic digits are digits to Python, not to a keypad
        ({"last": date(2025, 6, 3)}, "end"),  # after the user's today
        ({"first": date(2025, 6, 2), "last": date(2025, 6, 1)}, "start"),
    ],
)
def test_bad_input_is_refused_beside_its_field(app, uid, fields, field):
    args = {"label": "Dr. Okafor", "first": date(2025, 5, 1), "last": date(2025, 6, 1), "pin": None}
    with app.app_context():
        user = db.session.get(User, uid)
        with pytest.raises(Invalid) as exc:
            services.create_share(user, **{**args, **fields}, days=None, now=NOW)
        assert exc.value.field == field


def test_the_range_is_fixed_at_creation(app, uid):
    share_id, _ = make_share(app, uid, first=date(2025, 3, 1), last=date(2025, 5, 31))
    with app.app_context():
        link = db.session.get(ShareLink, share_id)
        assert services.report_range(link).first == date(2025, 3, 1)
        assert services.report_range(link).last == date(2025, 5, 31)


def test_a_revoked_link_opens_no_more(app, uid):
    share_id, token = make_share(app, uid)
    with app.app_context():
        user = db.session.get(User, uid)
        services.revoke_share(user, db.session.get(ShareLink, share_id), now=NOW)
        db.session.commit()
    assert _find(app, token, NOW) is None
    with app.app_context():
        assert services.list_shares(db.session.get(User, uid), now=NOW)[0].status == "revoked"


def test_five_wrong_pins_lock_the_link_for_15_minutes(app, uid):
    share_id, token = make_share(app, uid, pin="2468")
    for n in range(4):
        assert not _pin(app, share_id, "1111", NOW + timedelta(seconds=n))
        assert _find(app, token, NOW) == share_id
    assert not _pin(app, share_id, "1111", NOW)
    assert _find(app, token, NOW + timedelta(minutes=14)) is None
    assert _find(app, token, NOW + timedelta(minutes=15)) == share_id
    assert _pin(app, share_id, "2468", NOW + timedelta(minutes=15))


def test_a_right_pin_starts_the_count_in_a_row_again(app, uid):
    share_id, token = make_share(app, uid, pin="2468")
    for _ in range(4):
        _pin(app, share_id, "0000", NOW)
    assert _pin(app, share_id, "2468", NOW)
    for _ in range(4):
        _pin(app, share_id, "0000", NOW)
    assert _find(app, token, NOW) == share_id


def test_twenty_wrong_pins_lock_the_link_for_good(app, uid):
    share_id, token = make_share(app, uid, pin="2468")
    later = NOW
    for _ in range(4):  # 4 locks of 5 wrong PINs, each waited out
        for _ in range(5):
            _pin(app, share_id, "0000", later)
        later += timedelta(minutes=16)
    assert _find(app, token, later + timedelta(days=1)) is None
    with app.app_context():
        assert services.list_shares(db.session.get(User, uid), now=later)[0].status == "blocked"


def test_every_opening_is_listed_for_the_owner_newest_first(app, uid):
    share_id, _ = make_share(app, uid, pin="2468")
    _pin(app, share_id, "0000", NOW + timedelta(minutes=1))
    _pin(app, share_id, "2468", NOW + timedelta(minutes=2))
    with app.app_context():
        (summary,) = services.list_shares(db.session.get(User, uid), now=NOW)
        assert [(o.at, o.pin_ok) for o in summary.openings] == [
            (NOW + timedelta(minutes=2), True),
            (NOW + timedelta(minutes=1), False),
        ]
        assert db.session.scalar(select(db.func.count(ShareView.id))) == 2


def test_links_and_openings_go_with_the_account(app, uid):
    share_id, _ = make_share(app, uid, pin="2468")
    _pin(app, share_id, "0000", NOW)
    with app.app_context():
        db.session.execute(db.delete(User).where(User.id == uid))
        db.session.commit()
        assert db.session.scalar(select(db.func.count(ShareLink.id))) == 0
        assert db.session.scalar(select(db.func.count(ShareView.id))) == 0
