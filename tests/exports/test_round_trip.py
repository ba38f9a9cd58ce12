"""Export → import into an empty account → export gives identical JSON; a second import adds
nothing; an export holds only the acting user's rows."""

import io
import json
import zipfile

import pytest

from tests.conftest import NOW
from tests.exports.factories import NOTE, empty_user, full_account, get_user
from tracker.exports import services
from tracker.exports.account import KINDS
from tracker.exports.values import ImportRefused
from tracker.extensions import db


def _json(user) -> bytes:  # noqa: ANN001
    return services.export(user, "json", now=NOW).data


def test_import_into_an_empty_account_then_export_gives_identical_json(app):
    with app.app_context():
        original = _json(full_account())
        target = empty_user()
        counts = services.import_json(target, original, now=NOW)
        db.session.commit()
        again = _json(get_user(target.id))
    assert again == original
    assert all(counts[k.name] for k in KINDS if k.name != "naps") and counts["naps"] == 1


def test_the_round_trip_covers_every_kind_unicode_notes_and_several_zones(app):
    with app.app_context():
        doc = json.loads(_json(full_account()))
    assert all(doc[k.name] for k in KINDS), [k.name for k in KINDS if not doc[k.name]]
    rows = doc["mood_checkins"] + doc["activity_entries"] + doc["naps"]
    offsets = {row["at"][-6:] for row in rows}
    assert {"+05:30", "+10:30", "+02:00"} <= offsets  # Kolkata, Lord Howe, Berlin
    assert doc["dose_events"][2]["taken_at"].endswith("-04:00")  # taken in New York
    assert {r["tz"] for r in doc["dose_events"]} == {"Europe/Berlin", "America/New_York"}
    assert doc["sleep_entries"][0]["into_bed_at"] == "2025-03-29T23:00:00+01:00"
    assert doc["sleep_entries"][0]["final_awakening_at"] == "2025-03-30T07:00:00+02:00"
    assert NOTE in {r["note"] for r in doc["dose_events"]}
    assert doc["profile"]["display_name"] == "Zoë ada"
    assert doc["therapy_sessions"][0]["notes"].startswith("Private ada:\nthings")


def test_the_export_has_no_password_hash_email_or_database_ids(app):
    with app.app_context():
        user = full_account()
        data = _json(user).decode()
        hash_ = user.password_hash
    assert hash_ not in data and "ada@example.org" not in data
    assert '"id"' not in data and '"user_id"' not in data


def test_versions_and_doses_point_at_their_rows_by_file_refs(app):
    with app.app_context():
        doc = json.loads(_json(full_account()))
    sertraline = next(m for m in doc["medications"] if m["name"] == "sertraline")
    versions = [v for v in doc["schedule_versions"] if v["medication_ref"] == sertraline["ref"]]
    assert [v["kind"] for v in versions] == ["start", "change", "taper", "taper", "taper", "taper"]
    taper_refs = {v["taper_plan_ref"] for v in versions if v["kind"] == "taper"}
    assert taper_refs == {doc["taper_plans"][0]["ref"]}
    change = versions[1]
    doses = [d for d in doc["schedule_doses"] if d["schedule_version_ref"] == change["ref"]]
    assert [(d["at"], d["amount"]) for d in doses] == [("08:00", 75.0), ("20:00", 25.0)]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(app):
    with app.app_context():
        data = _json(full_account())
        target = empty_user()
        services.import_json(target, data, now=NOW)
        db.session.commit()
        before = _json(get_user(target.id))
        with pytest.raises(ImportRefused, match="already holds medications"):
            services.import_json(get_user(target.id), data, now=NOW)
        db.session.rollback()
        assert _json(get_user(target.id)) == before


def _plain_text(data: bytes) -> str:
    """A JSON or FHIR file as text; a CSV zip as the text of every file in it (the compressed
    bytes could hold any three letters by chance)."""
    if data[:2] != b"PK":
        return data.decode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def test_an_export_holds_only_the_acting_users_rows(app):
    with app.app_context():
        # Markers with letters outside hex, so no random UUID in the FHIR file can hold them.
        ada = full_account("ada@example.org", "quill")
        bob = full_account("bob@example.org", "zephyr")
        exports = {
            u.email: [services.export(u, fmt, now=NOW).data for fmt in services.FORMATS]
            for u in (ada, bob)
        }
    for mine, own, theirs in (("ada", "quill", "zephyr"), ("bob", "zephyr", "quill")):
        for data in exports[f"{mine}@example.org"]:
            assert theirs not in _plain_text(data)
        assert own in _plain_text(exports[f"{mine}@example.org"][0])  # the marker is exported
    ada_json = json.loads(exports["ada@example.org"][0])
    assert len(ada_json["medications"]) == 3 and len(ada_json["symptoms"]) == 2


def test_the_demo_account_round_trips_too(app):
    from tracker.cli.demo import build_demo

    with app.app_context():
        demo = build_demo(days=30, timezone="America/Sao_Paulo", now=NOW)
        db.session.commit()
        original = _json(demo)
        target = empty_user()
        services.import_json(target, original, now=NOW)
        db.session.commit()
        assert _json(get_user(target.id)) == original
