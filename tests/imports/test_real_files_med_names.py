"""A medication name in an import is shown in the preview exactly as it will be stored: a name
is only respelled for a misspelling of a catalog name (`Fluoxitine`), never turned into another
medication (`Vitamin D3`, `Vitamin C` and `Vitamin B12` are not `Vitamin d`)."""

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.conftest import make_user
from tests.medications.factories import get_user, prn_med
from tracker.extensions import db
from tracker.imports import services
from tracker.imports.mapping import Account, Med, choices, suggested_medication_name
from tracker.imports.records import Dose
from tracker.medications.models import Medication

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
HEADER = '"date","weekday","time of day","category","rating/amount","detail","notes"\n'


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Vitamin D3", "Vitamin D3"),
        ("Vitamin C", "Vitamin C"),
        ("Vitamin B12", "Vitamin B12"),
        ("Vitamin D", "Vitamin D"),
        ("vitamin d", "vitamin d"),
        ("Omega 3", "Omega 3"),
        ("Ibuprofen 400", "Ibuprofen 400"),
        ("  Magnesium   glycinate ", "Magnesium glycinate"),
        ("Fluoxitine", "Fluoxetine"),
        ("fluoxitine", "fluoxetine"),
        ("Sertralin", "Sertraline"),
    ],
)
def test_a_name_is_only_respelled_for_a_misspelling(written, stored):
    assert suggested_medication_name(written) == stored


def test_a_different_vitamin_is_not_matched_to_the_users_vitamin_d():
    account = Account("UTC", (Med(1, "Vitamin D", "IU", True),))
    doses = [
        Dose(2, "a", datetime(2026, 5, 1, 9), "Vitamin C"),
        Dose(3, "b", datetime(2026, 5, 1, 9), "Vitamin D3"),
        Dose(4, "c", datetime(2026, 5, 1, 9), "vitamin d"),
    ]
    assert [c.value for c in choices(doses, account, {})] == ["new", "new", "med:1"]


def test_the_preview_shows_the_name_the_import_stores(app):
    uid = make_user(app)
    row = '"1st May 2026","Fri","09:00","Meds/Supplements","1000","Vitamin D3 (IU)",""\n'
    data = (HEADER + row).encode()
    with app.app_context():
        user = get_user(uid)
        prn_med(user, name="Vitamin C", max_per_24h=None, min_interval_minutes=None)
        db.session.commit()
        shown = services.preview(user, "bearable", io.BytesIO(data), {}, now=NOW)
        (choice,) = shown.choices
        assert (
            choice.value == "new" and choice.label == "Add a new as-needed medication “Vitamin D3”"
        )
        services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()
        names = set(db.session.scalars(select(Medication.name)))
        assert names == {"Vitamin C", "Vitamin D3"}
