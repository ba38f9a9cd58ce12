"""Bearable's CSV export read into neutral records."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers.bearable import parse
from tracker.imports.records import Dose, Mood, Night, Skip, Symptom

FIXTURES = Path(__file__).parent / "fixtures" / "bearable"
OLD = ("date", "weekday", "time of day", "category", "rating/amount", "detail", "notes")
NEW = ("date", "date formatted", *OLD[1:])


def row(
    day: str = "22nd Sep 2020",
    when: str = "am",
    category: str = "Mood",
    value: str = "",
    detail: str = "",
    notes: str = "",
) -> dict[str, str]:
    return {
        "date": day,
        "date formatted": "",
        "weekday": "Tue",
        "time of day": when,
        "category": category,
        "rating/amount": value,
        "detail": detail,
        "notes": notes,
    }


def export(*rows: dict[str, str], header: tuple[str, ...] = OLD) -> bytes:
    """A file as Bearable writes one: every field quoted."""
    lines = [header] + [tuple(r[name] for name in header) for r in rows]
    quoted = (",".join('"' + c.replace('"', '""') + '"' for c in line) for line in lines)
    return ("\n".join(quoted) + "\n").encode()


def only(*rows: dict[str, str]):
    parsed = parse(export(*rows))
    assert len(parsed.records) == 1, parsed
    return parsed.records[0]


def failure(data: bytes) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        parse(data)
    return caught.value


# Both header versions, from files.


def test_a_2020_export_reads_every_category_it_imports_and_skips_the_rest():
    parsed = parse((FIXTURES / "export_2020.csv").read_bytes())
    assert parsed.source == "bearable"
    assert parsed.rows == 13
    assert parsed.skipped == [
        Skip(3, "Bearable's Gratitudes are not imported"),
        Skip(10, "Bearable's Factors are not imported"),
        Skip(14, "Bearable's Food Diary are not imported"),
    ]
    assert [type(r).__name__ for r in parsed.records] == [
        "Mood", "Night", "Mood", "Dose", "Dose", "Symptom", "Night", "Symptom",
    ]  # fmt: skip
    late, night, merged, hydroxyzine, fluoxitine, stress, night2, headache = parsed.records
    assert late == Mood(
        2, "bearable-mood:2020-09-23|pm", datetime(2020, 9, 23, 19), mood=4, note="long day, tired"
    )
    assert merged == Mood(
        5, "bearable-mood:2020-09-22|am", datetime(2020, 9, 22, 9), mood=7, energy=7,
        note="slept in",
    )  # fmt: skip
    assert hydroxyzine == Dose(
        7, "bearable:2020-09-22|08:30|Meds/Supplements|Hydroxyzine (mg)",
        datetime(2020, 9, 22, 8, 30), "Hydroxyzine", 50.0, "mg",
    )  # fmt: skip
    assert (fluoxitine.name, fluoxitine.amount, fluoxitine.note) == (
        "Fluoxitine", 20.0, "with breakfast",
    )  # fmt: skip
    assert stress == Symptom(
        9, "bearable:2020-09-22|mid|Symptom|Stress (Moderate)", datetime(2020, 9, 22, 13),
        "Stress", 5,
    )  # fmt: skip
    assert night == Night(
        4, "bearable-sleep:2020-09-23", date(2020, 9, 23),
        in_bed=datetime(2020, 9, 22, 23, 10), asleep=datetime(2020, 9, 22, 23, 40),
        woke=datetime(2020, 9, 23, 6, 55), out_of_bed=datetime(2020, 9, 23, 7, 20),
        asleep_minutes=435,
    )  # fmt: skip
    assert night2 == Night(
        11, "bearable-sleep:2020-09-22", date(2020, 9, 22),
        in_bed=datetime(2020, 9, 22, 2, 15), asleep=datetime(2020, 9, 22, 2, 45),
        woke=datetime(2020, 9, 22, 12, 30), out_of_bed=datetime(2020, 9, 22, 13, 15),
        asleep_minutes=585, quality=4,
    )  # fmt: skip
    assert (headache.at, headache.name, headache.severity) == (
        datetime(2020, 10, 1, 6), "Headache", 3,
    )  # fmt: skip


def test_a_2024_export_with_date_formatted_is_matched_by_column_name():
    parsed = parse((FIXTURES / "export_2024.csv").read_bytes())
    assert parsed.rows == 7
    mood, ibuprofen, night, quality_only = parsed.records
    assert mood == Mood(
        2, "bearable-mood:2024-01-04|8:30 pm", datetime(2024, 1, 4, 20, 30), mood=6, energy=3
    )
    assert ibuprofen == Dose(
        4, "bearable:2024-01-04|mid|Meds/Supplements|Ibuprofen (tablet)",
        datetime(2024, 1, 4, 13), "Ibuprofen", None, "tablet",
    )  # fmt: skip
    assert night == Night(5, "bearable-sleep:2024-01-04", date(2024, 1, 4), asleep_minutes=390)
    assert not night.times_known
    # A quality with no Sleep row is a Night holding only the quality.
    assert quality_only == Night(
        7, "bearable-sleep:2024-01-03", date(2024, 1, 3), quality=2, note="woke twice"
    )
    assert [s.line for s in parsed.skipped] == [6, 8]
    assert parsed.skipped[0].reason == "Bearable's Health measurements are not imported"


def test_columns_in_another_order_read_the_same():
    shuffled = ("notes", "category", "date", "detail", "time of day", "rating/amount", "weekday")
    rows = (row(category="Mood", value="8"), row(category="Symptom", value="3", detail="Pain"))
    assert parse(export(*rows, header=shuffled)).records == parse(export(*rows)).records


def test_the_ordinal_date_wins_over_date_formatted_which_is_only_a_fallback():
    good = row(day="5th Mar 2021", value="5") | {"date formatted": "2021-03-06"}
    assert parse(export(good, header=NEW)).records[0].at == datetime(2021, 3, 5, 9)
    fallback = row(day="gibberish", value="5") | {"date formatted": "2021-03-06"}
    assert parse(export(fallback, header=NEW)).records[0].at == datetime(2021, 3, 6, 9)


def test_a_header_that_is_not_bearables_names_the_columns_it_expects():
    error = failure(b"full_date,date,weekday,time,mood,activities,note\n2020-01-01,x,y,z,good,,\n")
    assert "not a Bearable export" in error.message
    assert "date, weekday, time of day, category, rating/amount, detail, notes" in error.message
    assert "missing: time of day, category, rating/amount, detail, notes" in error.message


# Dates and times.


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1st Jan 2021", date(2021, 1, 1)),
        ("2nd Feb 2021", date(2021, 2, 2)),
        ("3rd March 2021", date(2021, 3, 3)),
        ("4th Sept 2021", date(2021, 9, 4)),
        ("11th NOVEMBER 2021", date(2021, 11, 11)),
        ("21st dec 2021", date(2021, 12, 21)),
        ("29th Feb 2020", date(2020, 2, 29)),
    ],
)
def test_ordinal_dates_with_short_or_full_english_months(cell, expected):
    assert only(row(day=cell, value="5")).at.date() == expected


@pytest.mark.parametrize("cell", ["29th Feb 2021", "22nd Spt 2020", "2020/09/22", "", "22 Sep"])
def test_an_unreadable_date_names_its_line_and_column(cell):
    error = failure(export(row(value="5"), row(day=cell, value="5")))
    assert (error.line, error.column) == (3, "1 (date)")


def test_columns_are_counted_in_the_newer_header_too():
    error = failure(export(row(when="noon", value="5"), header=NEW))
    assert (error.line, error.column) == (2, "4 (time of day)")
    assert "noon" in error.message


@pytest.mark.parametrize(
    ("cell", "clock"),
    [
        ("pre", (6, 0)),
        ("am", (9, 0)),
        ("mid", (13, 0)),
        ("pm", (19, 0)),
        ("all day", (12, 0)),
        ("All Day", (12, 0)),
        ("", (12, 0)),
        ("08:30", (8, 30)),
        ("8:30 pm", (20, 30)),
        ("12:05 AM", (0, 5)),
        ("12:30pm", (12, 30)),
        ("23:59", (23, 59)),
    ],
)
def test_buckets_get_fixed_times_and_clock_times_are_read(cell, clock):
    record = only(row(when=cell, category="Symptom", value="1", detail="Nausea"))
    assert record.at == datetime(2020, 9, 22, *clock)
    # The cell as written goes into the key, so `am` is never confused with 09:00.
    assert record.key == f"bearable:2020-09-22|{cell}|Symptom|Nausea"


@pytest.mark.parametrize("cell", ["24:00", "8:60", "13:00 pm", "morning", "8"])
def test_an_unreadable_time_of_day_is_refused_with_its_column(cell):
    error = failure(export(row(when=cell, value="5")))
    assert (error.line, error.column) == (2, "3 (time of day)")


# Mood and energy.


@pytest.mark.parametrize(
    ("cell", "mood"),
    [("1", 1), ("7", 7), ("10", 10), ("6.5", 7), ("6.49", 6), ("0,5", 1), ("12", 10), ("-2", 0)],
)
def test_mood_is_rounded_half_up_and_clamped_to_0_10(cell, mood):
    assert only(row(value=cell)).mood == mood


@pytest.mark.parametrize(("cell", "energy"), [("1", 1), ("2", 3), ("3", 5), ("4", 7), ("5", 9)])
def test_energy_1_5_becomes_band_centres_on_0_10(cell, energy):
    record = only(row(category="Energy", value=cell))
    assert (record.mood, record.energy) == (None, energy)


def test_mood_and_energy_of_one_date_and_time_merge_in_any_order():
    energy_first = only(
        row(category="energy", value="2", notes="flat"), row(category="MOOD", value="3")
    )
    assert energy_first == Mood(
        2, "bearable-mood:2020-09-22|am", datetime(2020, 9, 22, 9), mood=3, energy=3, note="flat"
    )


def test_mood_and_energy_at_different_times_stay_apart():
    parsed = parse(export(row(value="6"), row(when="pm", category="Energy", value="4")))
    assert [(r.mood, r.energy) for r in parsed.records] == [(6, None), (None, 7)]


def test_repeated_moods_in_one_slot_pair_nth_with_nth_and_get_numbered_keys():
    parsed = parse(
        export(
            row(value="2"),
            row(value="8"),
            row(category="Energy", value="1"),
            row(category="Energy", value="5"),
        )
    )
    assert [(r.line, r.key, r.mood, r.energy) for r in parsed.records] == [
        (2, "bearable-mood:2020-09-22|am", 2, 1),
        (3, "bearable-mood:2020-09-22|am#2", 8, 9),
    ]


@pytest.mark.parametrize("cell", ["abc", "7/10", "1e3", "nan", "inf", "1,000", "1" * 12])
def test_a_mood_that_is_not_a_number_is_refused_with_line_and_column(cell):
    error = failure(export(row(value="5"), row(category="Factors"), row(value=cell)))
    assert (error.line, error.column) == (4, "5 (rating/amount)")


def test_an_empty_rating_is_skipped_with_a_reason():
    parsed = parse(export(row(value=""), row(category="Sleep quality", value="")))
    assert parsed.records == []
    assert parsed.skipped == [
        Skip(2, "Mood with no rating"),
        Skip(3, "A sleep quality with no rating"),
    ]


# Symptoms.


@pytest.mark.parametrize(
    ("detail", "value", "name", "severity"),
    [
        ("Stress (None)", "0", "Stress", 0),
        ("Stress (Mild)", "1", "Stress", 3),
        ("Stress (Moderate)", "2", "Stress", 5),
        ("Stress (Severe)", "3", "Stress", 8),
        ("Stress (Extreme)", "4", "Stress", 10),
        ("  Brain fog  (unbearable) ", "", "Brain fog", 10),
        ("Stress (Severe)", "1", "Stress", 8),  # the word wins over the number
        ("Nausea", "2", "Nausea", 5),
        ("Nausea", "3.5", "Nausea", 10),
        ("Nausea", "9", "Nausea", 10),
        ("Pain (lower back)", "1", "Pain (lower back)", 3),
    ],
)
def test_symptom_severity_comes_from_the_word_else_the_0_4_number(detail, value, name, severity):
    record = only(row(category="Symptom", value=value, detail=detail, notes=" after lunch "))
    assert isinstance(record, Symptom)
    assert (record.name, record.severity, record.note) == (name, severity, "after lunch")


def test_a_symptom_without_a_severity_or_a_name_is_skipped():
    parsed = parse(
        export(row(category="Symptom", detail="Nausea"), row(category="Symptom", value="2"))
    )
    assert parsed.skipped == [
        Skip(2, "The symptom Nausea has no severity"),
        Skip(3, "A symptom with no name"),
    ]


def test_a_symptom_severity_that_is_not_a_number_is_refused():
    error = failure(export(row(category="Symptom", value="bad", detail="Stress (Mild)")))
    assert (error.line, error.column) == (2, "5 (rating/amount)")


# Medication doses.


@pytest.mark.parametrize(
    ("value", "detail", "dose"),
    [
        ("50", "Hydroxyzine (mg)", ("Hydroxyzine", 50.0, "mg")),
        ("0.5", "  Fluoxitine   (mg) ", ("Fluoxitine", 0.5, "mg")),
        ("", "Sertralin (mg)", ("Sertralin", None, "mg")),
        ("2", "Melatonin", ("Melatonin", 2.0, None)),
        ("1000", "Omega 3 (fish oil) (IU)", ("Omega 3 (fish oil)", 1000.0, "IU")),
        ("1", "Vitamin D ()", ("Vitamin D", 1.0, None)),
    ],
)
def test_doses_keep_the_name_as_written_and_read_the_unit_from_the_parenthesis(value, detail, dose):
    record = only(row(when="08:00", category="Meds/Supplements", value=value, detail=detail))
    assert isinstance(record, Dose)
    assert (record.name, record.amount, record.unit) == dose


def test_a_negative_or_unreadable_dose_is_refused_and_a_nameless_one_skipped():
    negative = failure(export(row(category="Meds/Supplements", value="-5", detail="X (mg)")))
    assert (negative.line, negative.column) == (2, "5 (rating/amount)")
    unreadable = failure(export(row(category="Meds/Supplements", value="5mg", detail="X")))
    assert "5mg" in unreadable.message
    parsed = parse(export(row(category="Meds/Supplements", value="5", detail="(mg)")))
    assert parsed.skipped == [Skip(2, "A medication with no name")]


def test_doses_of_one_name_and_time_get_numbered_keys_in_file_order():
    dose = row(when="08:00", category="Meds/Supplements", value="10", detail="Propranolol (mg)")
    parsed = parse(export(dose, dose | {"rating/amount": "20"}, dose | {"notes": "later"}))
    base = "bearable:2020-09-22|08:00|Meds/Supplements|Propranolol (mg)"
    assert [r.key for r in parsed.records] == [base, base + "#2", base + "#3"]


def test_a_detail_that_looks_like_a_numbered_key_does_not_collide():
    dose = row(when="08:00", category="Meds/Supplements", value="10", detail="A")
    lookalike = dose | {"detail": "A#2"}
    keys = [r.key for r in parse(export(dose, lookalike, dose | {"rating/amount": "5"})).records]
    assert len(set(keys)) == 3


def test_keys_stay_the_same_in_a_later_longer_export_in_another_order():
    first = [
        row(value="6"),
        row(category="Energy", value="3"),
        row(when="08:00", category="Meds/Supplements", value="50", detail="Hydroxyzine (mg)"),
        row(when="", category="Sleep", value="7:00"),
        row(category="Symptom", value="1", detail="Stress (Mild)"),
    ]
    later = [row(day="23rd Sep 2020", value="9"), *reversed(first), row(category="Factors")]
    before = {r.key: type(r) for r in parse(export(*first)).records}
    after = {r.key: type(r) for r in parse(export(*later)).records}
    assert len(before) == 4
    assert before.items() <= after.items()
    assert len(after) == 5


# Sleep.


def test_sleep_across_midnight_begins_the_evening_before_the_rows_date():
    record = only(
        row(
            day="1st Jan 2021",
            when="",
            category="Sleep",
            value="7:50",
            detail="Asleep 11:40 pm - 7:30 am. In bed 11:10 pm - 8:05 am",
            notes="dreams",
        )
    )
    assert record == Night(
        2, "bearable-sleep:2021-01-01", date(2021, 1, 1),
        in_bed=datetime(2020, 12, 31, 23, 10), asleep=datetime(2020, 12, 31, 23, 40),
        woke=datetime(2021, 1, 1, 7, 30), out_of_bed=datetime(2021, 1, 1, 8, 5),
        asleep_minutes=470, note="dreams",
    )  # fmt: skip


def test_sleep_without_a_length_takes_it_from_the_asleep_times():
    record = only(row(when="", category="Sleep", detail="Asleep 22:30 - 06:00"))
    assert (record.asleep_minutes, record.in_bed, record.out_of_bed) == (450, None, None)


def test_quality_merges_into_the_night_of_its_date_and_is_clamped_to_1_5():
    parsed = parse(
        export(
            row(when="", category="Sleep quality", value="7", notes="rested"),
            row(when="am", category="Sleep", value="8:00", notes="early"),
        )
    )
    assert parsed.records == [
        Night(2, "bearable-sleep:2020-09-22", date(2020, 9, 22), asleep_minutes=480, quality=5,
              note="rested\nearly"),
    ]  # fmt: skip


@pytest.mark.parametrize("value", ["7:60", "25:00", "seven", "7.5"])
def test_an_unreadable_sleep_length_is_refused(value):
    error = failure(export(row(category="Sleep", value=value)))
    assert (error.line, error.column) == (2, "5 (rating/amount)")


def test_a_sleep_time_that_does_not_exist_is_refused_in_the_detail_column():
    error = failure(export(row(category="Sleep", value="7:00", detail="Asleep 25:10 - 07:00")))
    assert (error.line, error.column) == (2, "6 (detail)")


# Files that are not Bearable exports, or not text.


def test_unknown_categories_are_skipped_with_their_line_numbers():
    categories = ["Factors", "Gratitudes", "Food Diary", "Weather", "Health measurements", ""]
    parsed = parse(export(*(row(category=c, value="3") for c in categories)))
    assert parsed.records == []
    assert parsed.rows == 6
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (2, "Bearable's Factors are not imported"),
        (3, "Bearable's Gratitudes are not imported"),
        (4, "Bearable's Food Diary are not imported"),
        (5, "Bearable's Weather are not imported"),
        (6, "Bearable's Health measurements are not imported"),
        (7, "No category"),
    ]


def test_a_row_with_cells_past_the_header_is_refused():
    data = export(row(value="5")) + b'"22nd Sep 2020","Tue","am","Mood","5","","","stray"\n'
    error = failure(data)
    assert (error.line, error.column) == (3, 8)


@pytest.mark.parametrize(
    ("data", "words", "line"),
    [
        (b"", "empty", None),
        (b" \r\n\n", "empty", None),
        (export(), "no entries", None),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image", None),
        (export(row(value="5")) + b'"22nd Sep 2020","Tue","am","Mo\0od"\n', "NUL", 3),
        (export(row(value="5")) + b'"23rd Sep 2020","Wed","am","Mood","5","","oops\n', '"', 3),
    ],
)
def test_files_that_cannot_be_read_are_refused_saying_why(data, words, line):
    error = failure(data)
    assert words in error.message
    if line is not None:
        assert error.line == line


def test_latin_1_text_is_refused_at_its_line():
    data = export(row(value="5"), row(value="6", notes="café")).replace("é".encode(), b"\xe9")
    error = failure(data)
    assert error.line == 3
    assert "0xe9" in error.message


def test_a_utf8_bom_and_crlf_line_ends_are_read():
    data = b"\xef\xbb\xbf" + export(row(value="5")).replace(b"\n", b"\r\n")
    (record,) = parse(data).records
    assert (record.line, record.mood) == (2, 5)


# Properties: never anything but records or ImportFailed.

HEADER = export()
ALPHABET = 'abcdeilmnoprstyADMPS0123456789:,.-() #"\n\r\t'


NOISE = st.text(alphabet=ALPHABET, max_size=12)


def cell(good: tuple[str, ...], bad: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """Mostly cells Bearable writes, now and then a wrong one or CSV-ish noise."""
    return st.integers(0, 19).flatmap(
        lambda n: NOISE if n == 0 else st.sampled_from(bad if n == 1 and bad else good)
    )


ROW = st.fixed_dictionaries(
    {
        "date": cell(("22nd Sep 2020", "23rd Sep 2020"), ("1st Jan 1900", "31st Feb 2020", "")),
        "date formatted": cell(("2020-09-22", ""), ("0001-01-01",)),
        "weekday": st.just("Tue"),
        "time of day": cell(("am", "pm", "pre", "mid", "all day", "", "8:30 pm"), ("24:00",)),
        "category": cell(
            ("Mood", "Energy", "Symptom", "Meds/Supplements", "Sleep", "Sleep quality", "Factors")
        ),
        "rating/amount": cell(("7", "4.5", "0", "9:45", "0:00", ""), ("-1", "1,000", "abc")),
        "detail": cell(
            (
                "Stress (Mild)",
                "Hydroxyzine (mg)",
                "(mg)",
                "A#2",
                "Asleep 23:45 - 07:30",
                "",
                "Asleep 12:00 am - 12:00 pm. In bed 23:59 - 00:00",
            ),
            ("Asleep 25:00 - 07:00",),
        ),  # fmt: skip
        "notes": cell(("", "tired", "=1+1")),
    }
)


def assert_well_formed(data: bytes) -> None:
    try:
        parsed = parse(data)
    except ImportFailed as error:
        assert error.message
        return
    keys = [r.key for r in parsed.records]
    assert len(keys) == len(set(keys))
    assert [r.line for r in parsed.records] == sorted(r.line for r in parsed.records)
    assert 1 <= len(parsed.records) + len(parsed.skipped) <= parsed.rows


@given(st.binary(max_size=300))
def test_any_bytes_parse_or_raise_import_failed(data):
    assert_well_formed(data)


@given(st.binary(max_size=200))
def test_any_bytes_after_a_valid_header_parse_or_raise_import_failed(data):
    assert_well_formed(HEADER + data)


@given(
    st.lists(ROW, max_size=8), st.text(alphabet=ALPHABET, max_size=30), st.sampled_from([OLD, NEW])
)
def test_csv_like_text_after_a_valid_header_parses_or_raises_import_failed(rows, tail, header):
    assert_well_formed(export(*rows, header=header) + tail.encode())
