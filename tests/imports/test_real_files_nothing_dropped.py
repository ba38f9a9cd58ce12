"""Nothing in a file is dropped silently: Bearable's mood words ("Meh | Anxious", on 128 of
161 mood rows of a real export) are kept with the check-in, a column the app does not read is
listed with its first line, and a row with more cells than the header is refused on its line
(never shifted onto the columns beside it)."""

from datetime import UTC, datetime

import pytest

from tracker.imports.errors import ImportFailed
from tracker.imports.mapping import Account
from tracker.imports.parsers import bearable, daylio
from tracker.imports.plan import plan
from tracker.imports.records import Mood, Night

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
BEARABLE = '"date","weekday","time of day","category","rating/amount","detail","notes"\n'
DAYLIO = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def _bearable(*rows: str, header: str = BEARABLE):  # noqa: ANN202
    return bearable.parse((header + "".join(rows)).encode())


def test_bearable_mood_words_are_kept_with_the_check_in():
    parsed = _bearable(
        '"2nd May 2026","Sat","am","Mood","4","Meh | Anxious","long day"\n',
        '"2nd May 2026","Sat","am","Energy","2","Tired",""\n',
    )
    (mood,) = parsed.records
    assert mood.feelings == ("Meh", "Anxious", "Tired") and mood.note == "long day"
    planned = plan(parsed, Account("UTC"), {}, imported=set(), now=NOW)
    (checkin,) = planned.actions
    assert checkin.values["note"] == "long day\n\nFeelings: Meh, Anxious, Tired"
    assert not parsed.skipped


def test_mood_words_without_a_rating_are_named_in_the_skip():
    parsed = _bearable('"2nd May 2026","Sat","pm","Mood","","Meh | Anxious",""\n')
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (2, "Mood with no rating (Meh, Anxious)")
    ]


def test_sleep_details_that_give_no_times_are_kept_in_the_nights_note():
    parsed = _bearable(
        '"2nd May 2026","Sat","","Sleep","7:15","Restless, woke at 4",""\n',
        '"2nd May 2026","Sat","","Sleep quality","2","Noisy street",""\n',
    )
    (night,) = parsed.records
    assert isinstance(night, Night) and night.note == "Restless, woke at 4\nNoisy street"


def test_daylio_columns_the_app_does_not_read_are_listed_with_their_first_line():
    data = (
        b"full_date,another_field,date,weekday,time,mood,weird,activities,note_title,note\n"
        b'2022-10-30,,October 30,Sunday,10:04 AM,good,,chess,"",""\n'
        b'2022-10-27,,October 27,Thursday,12:00 AM,meh,"blah blah",work,"",""\n'
        b'2022-10-26,"dum dee",October 26,Wednesday,10:00 PM,good,"more",,"",""\n'
    )
    parsed = daylio.parse(data)
    assert len([r for r in parsed.records if isinstance(r, Mood)]) == 3
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (3, "The column “weird” is not one Daylio writes: its 2 values are not imported."),
        (4, "The column “another_field” is not one Daylio writes: its 1 value is not imported."),
    ]


def test_a_bearable_column_the_app_does_not_read_is_listed():
    header = BEARABLE.replace('"notes"', '"notes","mystery"')
    parsed = _bearable('"2nd May 2026","Sat","am","Mood","6","","","x"\n', header=header)
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (2, "The column “mystery” is not one Bearable writes: its 1 value is not imported.")
    ]


def test_a_daylio_row_with_an_extra_empty_cell_is_refused_not_shifted():
    row = '2022-10-26,October 26,Wednesday,10:00 PM,good,board game,,"Title","The note."\n'
    with pytest.raises(ImportFailed) as caught:
        daylio.parse((DAYLIO + '2022-10-27,x,y,9:00,meh,"","",""\n' + row).encode())
    assert caught.value.line == 3 and "more cells than the header" in caught.value.detail


def test_a_bearable_row_with_an_extra_empty_cell_is_refused():
    with pytest.raises(ImportFailed) as caught:
        _bearable(
            '"2nd May 2026","Sat","am","Mood","6","",""\n',
            '"2nd May 2026","Sat","","pm","Mood","7","",""\n',  # a cell slipped in
        )
    assert caught.value.line == 3 and "more cells" in caught.value.detail
