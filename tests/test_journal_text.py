"""Free text: stripped, capped, and never carrying control characters (PostgreSQL refuses NUL)."""

import pytest

from tracker.errors import Invalid
from tracker.journal import text


def test_text_is_stripped_and_empty_becomes_none():
    assert text("  a note\nover two lines\t ", 100, "note") == "a note\nover two lines"
    assert text("   ", 100, "note") is None


@pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "escape\x1b[31m", "del\x7f"])
def test_control_characters_are_refused_beside_the_field(bad):
    with pytest.raises(Invalid) as err:
        text(bad, 100, "note")
    assert err.value.field == "note" and "control character" in err.value.message


def test_a_medication_name_with_a_nul_is_refused_not_a_server_error(app):
    from datetime import date

    from tests.conftest import NOW, make_user
    from tracker.auth.models import User
    from tracker.extensions import db
    from tracker.medications import services

    uid = make_user(app)
    with app.app_context(), pytest.raises(Invalid) as err:
        services.create_medication(
            db.session.get(User, uid),
            services.MedicationFields(name="sert\x00raline", started_on=date(2025, 1, 1)),
            doses=[],
            today=date(2025, 1, 1),
            now=NOW,
        )
    assert err.value.field == "name"
