"""Exports of nights known only by their length, and of unrated nights: JSON and CSV carry
`times_known` and a null quality and read them back; an older JSON without `times_known`
reads as known times; FHIR gives such a night its length and its morning, not placed times.
A diary night whose counts were not recorded exports them as null (an empty CSV cell) and
reads them back as not recorded, never as 0; FHIR gives its sleep as at most its length."""

import io
import json
import zipfile
from datetime import date

from fhir.resources.R4B.observation import Observation

from tests.conftest import NOW
from tests.exports.factories import empty_user, get_user
from tests.sleep.factories import log_length, log_night
from tracker.exports import services
from tracker.extensions import db
from tracker.sleep import services as sleep
from tracker.sleep.models import SleepEntry

LENGTH_DAY, UNRATED_DAY = date(2025, 5, 2), date(2025, 5, 1)


def _account():
    """A night known only by its length (7 h 35 min, rated 3), and an unrated diary night."""
    user = empty_user("ada@example.org")
    log_length(user, LENGTH_DAY, 455, quality=3, note="Daylio")
    log_night(user, UNRATED_DAY, quality=None)
    db.session.commit()
    return user


def _export(user, fmt: str) -> bytes:  # noqa: ANN001
    return services.export(user, fmt, now=NOW).data


def _rows(user) -> list[tuple]:  # noqa: ANN001
    return [
        (s.day, s.tst_minutes, s.tib_minutes, s.quality, s.times_known)
        for s in sleep.nights(user, UNRATED_DAY, LENGTH_DAY)
    ]


def test_json_writes_times_known_and_a_null_quality_and_reads_them_back(app):
    with app.app_context():
        original = _export(_account(), "json")
        unrated, length = json.loads(original)["sleep_entries"]
        assert (unrated["quality"], unrated["times_known"]) == (None, True)
        assert (length["quality"], length["times_known"]) == (3, False)
        target = empty_user()
        services.import_json(target, original, now=NOW)
        db.session.commit()
        assert _export(get_user(target.id), "json") == original
        assert _rows(get_user(target.id)) == [
            (UNRATED_DAY, 430, 483, None, True),
            (LENGTH_DAY, 455, None, 3, False),
        ]


def test_csv_writes_times_known_and_an_empty_quality_and_reads_them_back(app):
    with app.app_context():
        user = _account()
        data, expected = _export(user, "csv"), _export(user, "json")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = archive.read("tracker-export/sleep_entries.csv").decode("utf-8-sig")
        header, unrated, length = text.splitlines()
        assert header.endswith('"waso_minutes","quality","times_known","note","created_at"')
        assert '"20","","true",' in unrated and '"0","3","false","Daylio",' in length
        target = empty_user()
        services.import_csv(target, data, now=NOW)
        db.session.commit()
        assert _export(get_user(target.id), "json") == expected


def test_an_older_json_export_without_times_known_reads_as_known_times(app):
    with app.app_context():
        doc = json.loads(_export(_account(), "json"))
        for row in doc["sleep_entries"]:
            del row["times_known"]
        target = empty_user()
        services.import_json(target, json.dumps(doc).encode(), now=NOW)
        db.session.commit()
        entries = db.session.scalars(
            db.select(SleepEntry).where(SleepEntry.user_id == target.id)
        ).all()
        assert [e.times_known for e in entries] == [True, True]


def test_fhir_gives_a_length_night_its_duration_and_morning_and_no_placed_times(app):
    with app.app_context():
        bundle = json.loads(_export(_account(), "fhir"))
    sleep_obs = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "93832-4"
    ]
    unrated, length = sleep_obs
    assert length["effectiveDateTime"] == "2025-05-02" and "effectivePeriod" not in length
    assert length["valueQuantity"]["value"] == 455
    assert unrated["effectivePeriod"]["start"] == "2025-04-30T20:45:00+00:00"
    assert unrated["valueQuantity"]["value"] == 430
    for obs in sleep_obs:
        Observation.model_validate(obs)


COUNTLESS_DAY = date(2025, 5, 3)


def _countless():
    """A diary night (22:45 to 06:30 trying to sleep) without its counts, and a full one."""
    user = empty_user("ada@example.org")
    log_night(user, UNRATED_DAY)
    log_night(user, COUNTLESS_DAY, sol=None, waso=None, awakenings=None)
    db.session.commit()
    return user


def _counts(user) -> list[tuple]:  # noqa: ANN001
    entries = db.session.scalars(
        db.select(SleepEntry).where(SleepEntry.user_id == user.id).order_by(SleepEntry.day)
    )
    return [(e.day, e.sol_minutes, e.awakenings, e.waso_minutes) for e in entries]


def test_unrecorded_counts_go_out_as_null_and_come_back_unknown_in_json(app):
    with app.app_context():
        original = _export(_countless(), "json")
        full, countless = json.loads(original)["sleep_entries"]
        assert (full["sol_minutes"], full["awakenings"], full["waso_minutes"]) == (15, 2, 20)
        assert [countless[k] for k in ("sol_minutes", "awakenings", "waso_minutes")] == [None] * 3
        target = empty_user()
        services.import_json(target, original, now=NOW)
        db.session.commit()
        assert _counts(get_user(target.id)) == [
            (UNRATED_DAY, 15, 2, 20),
            (COUNTLESS_DAY, None, None, None),
        ]
        assert _export(get_user(target.id), "json") == original


def test_unrecorded_counts_go_out_as_empty_csv_cells_and_come_back_unknown(app):
    with app.app_context():
        user = _countless()
        data, expected = _export(user, "csv"), _export(user, "json")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = archive.read("tracker-export/sleep_entries.csv").decode("utf-8-sig")
        _, full, countless = text.splitlines()
        assert '"15","2","20","4","true"' in full
        assert '"2025-05-03","","","","4","true"' in countless
        target = empty_user()
        services.import_csv(target, data, now=NOW)
        db.session.commit()
        assert _counts(get_user(target.id))[1] == (COUNTLESS_DAY, None, None, None)
        assert _export(get_user(target.id), "json") == expected


def test_fhir_gives_a_night_without_its_counts_at_most_its_length(app):
    with app.app_context():
        bundle = json.loads(_export(_countless(), "fhir"))
    full, countless = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "93832-4"
    ]
    assert full["valueQuantity"]["value"] == 430 and "comparator" not in full["valueQuantity"]
    assert countless["valueQuantity"]["value"] == 465  # 22:45 to 06:30, nothing taken off
    assert countless["valueQuantity"]["comparator"] == "<="
    Observation.model_validate(countless)
