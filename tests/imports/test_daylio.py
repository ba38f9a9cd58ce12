"""Daylio CSV exports: the four header versions, their localized and 12/24 h cells, sleep scales,
files without their header, and files that are refused with a line and column."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers import daylio
from tracker.imports.parsers.daylio_values import local_date
from tracker.imports.records import Mood, Night, Parsed

FIXTURES = Path(__file__).parent / "fixtures" / "daylio"
BOM = b"\xef\xbb\xbf"
H2017 = "year,date,weekday,time,mood,activities,note"
H2019 = "full_date,date,weekday,time,mood,activities,note"
H2021 = "full_date,date,weekday,time,mood,activities,note_title,note"
H2025 = "full_date,date,weekday,time,mood,activities,scales,note_title,note"


def csv(header: str, *rows: str) -> bytes:
    return BOM + "\n".join((header, *rows)).encode() + b"\n"


def moods(parsed: Parsed) -> list[Mood]:
    return [r for r in parsed.records if isinstance(r, Mood)]


def nights(parsed: Parsed) -> list[Night]:
    return [r for r in parsed.records if isinstance(r, Night)]


def refused(data: bytes) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        daylio.parse(data)
    return caught.value


# Header versions


def test_2017_export_reads_year_and_polish_localized_day_and_month():
    parsed = daylio.parse((FIXTURES / "v2017_polish.csv").read_bytes())
    assert parsed.source == "daylio" and parsed.rows == 5
    assert [m.at for m in moods(parsed)] == [
        datetime(2018, 1, 2, 8, 15),
        datetime(2018, 1, 1, 23, 58),
        datetime(2017, 12, 31, 12, 0),
        datetime(2017, 8, 29, 23, 33),
        datetime(2017, 2, 1, 7, 44),
    ]
    first = moods(parsed)[0]
    assert first.activities == ("praca", "spacer")
    assert first.label == "dobrze" and first.mood == 7  # a Polish default label
    assert moods(parsed)[-1].note == "Zimno."
    assert [m.line for m in moods(parsed)] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Feb 1", date(2017, 2, 1)),
        ("1 February", date(2017, 2, 1)),
        ("1 lut", date(2017, 2, 1)),
        ("7 września", date(2017, 9, 7)),
        ("22 października", date(2017, 10, 22)),
        ("1 de febrero", date(2017, 2, 1)),
        ("3 ago.", date(2017, 8, 3)),
        ("4. März", date(2017, 3, 4)),
        ("5 juillet", date(2017, 7, 5)),
        ("6 juin", date(2017, 6, 6)),
        ("9 мая", date(2017, 5, 9)),
        ("12月25日", date(2017, 12, 25)),
        ("Sept. 30", date(2017, 9, 30)),
    ],
)
def test_localized_day_and_month_are_read(cell, expected):
    assert local_date(2017, cell) == expected


def test_2017_export_with_an_unreadable_date_names_line_and_column():
    error = refused(csv(H2017, '2017,1 Feb,Wed,12:00,rad,"",""', '2017,Tag 3,Mo,12:00,rad,"",""'))
    assert (error.line, error.column) == (3, "2 (date)")
    assert "Tag 3" in error.detail


def test_2017_export_with_an_impossible_date_is_refused():
    error = refused(csv(H2017, '2017,30 Feb,Thu,12:00,rad,"",""'))
    assert (error.line, error.column) == (2, "2 (date)")


def test_2019_export_reads_full_date_and_note():
    parsed = daylio.parse(
        csv(H2019, '2020-05-30,30 May,Saturday,6:50 pm,rad,friends | nap,"Awesome"')
    )
    (entry,) = moods(parsed)
    assert entry == Mood(
        line=2,
        key="daylio:2020-05-30 18:50",
        at=datetime(2020, 5, 30, 18, 50),
        label="rad",
        mood=9,
        note="Awesome",
        activities=("friends", "nap"),
    )


def test_2021_export_joins_note_title_and_note():
    parsed = daylio.parse(
        csv(
            H2021,
            '2022-10-27,October 27,Thursday,1:49 PM,good,chess,"Cras pretium","Lorem ipsum."',
            '2022-10-26,October 26,Wednesday,8:00 PM,good,"","Only a title",""',
            '2022-10-25,October 25,Tuesday,5:00 PM,good,"",""," Only a note "',
            '2022-10-24,October 24,Monday,5:00 PM,good,"","  ","<br>"',
        )
    )
    assert [m.note for m in moods(parsed)] == [
        "Cras pretium\n\nLorem ipsum.",
        "Only a title",
        "Only a note",
        None,
    ]


def test_2025_export_reads_sleep_scales_as_nights():
    parsed = daylio.parse((FIXTURES / "v2025_scales.csv").read_bytes())
    assert parsed.rows == 5 and len(moods(parsed)) == 5
    assert nights(parsed) == [
        Night(
            line=3,
            key="daylio-sleep:2026-04-12",
            day=date(2026, 4, 12),
            asleep_minutes=480,
            quality=4,
        ),
        Night(line=5, key="daylio-sleep:2026-04-02", day=date(2026, 4, 2), asleep_minutes=450),
        Night(line=6, key="daylio-sleep:2026-03-31", day=date(2026, 3, 31), quality=1),
    ]
    assert not any(n.times_known for n in nights(parsed))
    # The Night follows its entry: records stay in file order.
    assert [type(r).__name__ for r in parsed.records[:3]] == ["Mood", "Mood", "Night"]


def test_other_scales_and_a_second_sleep_entry_of_a_day_are_skipped_with_reasons():
    parsed = daylio.parse((FIXTURES / "v2025_scales.csv").read_bytes())
    reasons = {skip.line: skip.reason for skip in parsed.skipped}
    assert set(reasons) == {3, 4}
    assert "Awake mid-sleep" in reasons[3]
    assert "2026-04-12" in reasons[4] and "line 3" in reasons[4]


@pytest.mark.parametrize(
    ("points", "quality"),
    [("0", 1), ("1", 1), ("2", 1), ("3", 2), ("7", 4), ("8", 4), ("9", 5), ("10", 5)],
)
def test_sleep_quality_out_of_ten_becomes_one_to_five(points, quality):
    scales = f"Sleep Quality:\u00a0{points}/10\u00a0points"
    parsed = daylio.parse(csv(H2025, f'2026-01-01,Jan 1,Thu,08:00,rad,"","{scales}","",""'))
    assert nights(parsed)[0].quality == quality


def test_columns_are_matched_by_name_not_position():
    shuffled = "mood,note,time,activities,full_date,weekday,date,note_title,mystery"
    parsed = daylio.parse(
        csv(shuffled, 'good,"body",21:05,"walk | read",2024-03-02,Sat,Mar 2,"title","?"')
    )
    (entry,) = moods(parsed)
    assert entry.at == datetime(2024, 3, 2, 21, 5)
    assert (entry.label, entry.mood, entry.note) == ("good", 7, "title\n\nbody")
    assert entry.activities == ("walk", "read")


# Cells


def test_bom_before_the_header_is_dropped():
    data = (
        BOM + b'full_date,date,weekday,time,mood,activities,note\n2020-01-01,x,y,10:00,meh,"",""\n'
    )
    assert moods(daylio.parse(data))[0].mood == 5
    assert moods(daylio.parse(data[3:]))[0].mood == 5


def test_twelve_and_twenty_four_hour_times_mix_in_one_file():
    times = ["20:39", "9:03", "9:00 PM", "11:54 pm", "12:00 AM", "12:30 PM", "07:05 a.m."]
    rows = [f'2020-05-25,25 May,Monday,{t},meh,"",""' for t in times]
    parsed = daylio.parse(csv(H2019, *rows))
    assert [m.at.strftime("%H:%M") for m in moods(parsed)] == [
        "20:39",
        "09:03",
        "21:00",
        "23:54",
        "00:00",
        "12:30",
        "07:05",
    ]


@pytest.mark.parametrize("bad", ["25:00", "13:00 PM", "noon", "", "9.30", "0:00 am"])
def test_an_unreadable_time_names_line_and_column(bad):
    error = refused(csv(H2019, '2020-05-25,x,y,10:00,meh,"",""', f'2020-05-25,x,y,{bad},meh,"",""'))
    assert (error.line, error.column) == (3, "4 (time)")


def test_english_and_german_default_labels_map_to_the_band_centres():
    labels = ["rad", "good", "meh", "bad", "awful", "Super", "Gut", "Ok", "Schlecht", "LAUSIG"]
    rows = [f'2021-01-0{i % 9 + 1},x,y,10:0{i},{label},"",""' for i, label in enumerate(labels)]
    parsed = daylio.parse(csv(H2019, *rows))
    assert [m.mood for m in moods(parsed)] == [9, 7, 5, 3, 1, 9, 7, 5, 3, 1]
    assert [m.label for m in moods(parsed)] == labels


def test_default_levels_and_level_to_mood_are_exposed():
    assert daylio.DEFAULT_LEVELS["schlecht"] == 2 and daylio.DEFAULT_LEVELS["rad"] == 5
    assert all(key == key.lower() for key in daylio.DEFAULT_LEVELS)
    assert [daylio.level_to_mood(level) for level in range(1, 6)] == [1, 3, 5, 7, 9]
    with pytest.raises(ValueError):
        daylio.level_to_mood(6)


def test_custom_labels_keep_their_stripped_text_and_no_mood():
    rows = [
        f'2021-01-01,x,y,10:0{i},{label},"",""'
        for i, label in enumerate(
            ["Depressed", '"Medium [-]"', "sad ", '"Not so good"', "świetnie"]
        )
    ]
    parsed = daylio.parse(csv(H2019, *rows))
    assert [(m.label, m.mood) for m in moods(parsed)] == [
        ("Depressed", None),
        ("Medium [-]", None),
        ("sad", None),
        ("Not so good", None),
        ("świetnie", None),
    ]


def test_an_empty_mood_names_line_and_column():
    error = refused(csv(H2021, '2022-10-26,x,y,10:00 PM,  ,"","",""'))
    assert (error.line, error.column) == (2, "5 (mood)")


def test_localized_date_and_weekday_are_ignored_when_full_date_is_there():
    parsed = daylio.parse(
        csv(
            H2021,
            '2017-09-07,7 września,czwartek,12:10,rad,"","",""',
            '2020-05-30,30 de mayo,sábado,12:10,rad,"","",""',
            '2020-05-29,???,,12:10,rad,"","",""',
        )
    )
    assert [m.at.date() for m in moods(parsed)] == [
        date(2017, 9, 7),
        date(2020, 5, 30),
        date(2020, 5, 29),
    ]


def test_a_bad_full_date_names_line_and_column():
    error = refused(csv(H2019, '2022-10-30,x,y,10:00,rad,"",""', ',October 27,y,10:00,rad,"",""'))
    assert (error.line, error.column) == (3, "1 (full_date)")
    assert refused(csv(H2019, '2022-02-30,x,y,10:00,rad,"",""')).column == "1 (full_date)"


def test_activities_keep_spaces_slashes_parentheses_and_emoji():
    cell = "movies / tv  | eat out (with friends) | 🎮 gaming | stressed / frustrated "
    parsed = daylio.parse(csv(H2019, f'2021-09-27,x,y,23:00,meh,"{cell}",""'))
    assert moods(parsed)[0].activities == (
        "movies / tv",
        "eat out (with friends)",
        "🎮 gaming",
        "stressed / frustrated",
    )


def test_html_notes_become_text():
    note = "<p>First &amp; <b>bold</b></p><p>second</p>Who knows.<br><br>Am I [[virtual]]?&nbsp;"
    parsed = daylio.parse(csv(H2021, f'2026-03-30,x,y,20:18,meh,"","","{note}"'))
    assert moods(parsed)[0].note == "First & bold\nsecond\nWho knows.\n\nAm I [[virtual]]?"


def test_malformed_html_in_a_note_is_read_as_text():
    parsed = daylio.parse(csv(H2021, '2026-03-30,x,y,20:18,meh,"","","a <![x b"'))
    assert moods(parsed)[0].note == "a <![x b"


def test_a_multi_line_note_keeps_its_line_breaks_and_the_next_row_its_line():
    parsed = daylio.parse(
        csv(
            H2019,
            '2020-01-02,x,y,10:00,rad,"","one\ntwo\n\n\n\nthree"',
            '2020-01-01,x,y,9:00,rad,"",""',
        )
    )
    assert moods(parsed)[0].note == "one\ntwo\n\nthree"
    assert [m.line for m in moods(parsed)] == [2, 8]


# Rows


def test_a_row_missing_its_trailing_cells_is_read():
    parsed = daylio.parse(csv(H2021, '2020-07-21,x,y,10:31,bad,"work"', "2020-07-21,x,y,7:31,bad"))
    assert [(m.note, m.activities) for m in moods(parsed)] == [(None, ("work",)), (None, ())]


def test_a_row_with_more_cells_than_the_header_is_refused_on_its_line():
    error = refused(
        csv(
            H2021,
            '2022-10-27,x,y,1:49 PM,good,chess,"t","n"',
            "2022-10-27,x,y,1:49 PM,good,chess,t,a, b",
        )
    )
    assert error.line == 3 and error.column is None
    assert "more cells than the header" in error.detail


def test_several_entries_in_one_minute_get_numbered_keys_in_file_order():
    rows = [
        '2022-10-26,x,y,8:00 PM,rad,"",""',
        '2022-10-26,x,y,20:00,good,"",""',
        '2022-10-26,x,y,7:30 PM,meh,"",""',
        '2022-10-26,x,y,8:00 pm,bad,"",""',
        '2022-10-25,x,y,8:00 PM,bad,"",""',
    ]
    parsed = daylio.parse(csv(H2019, *rows))
    assert [m.key for m in moods(parsed)] == [
        "daylio:2022-10-26 20:00",
        "daylio:2022-10-26 20:00#2",
        "daylio:2022-10-26 19:30",
        "daylio:2022-10-26 20:00#3",
        "daylio:2022-10-25 20:00",
    ]


def test_keys_stay_the_same_in_a_later_longer_export():
    old = ['2022-10-26,x,y,8:00 PM,rad,"",""', '2022-10-26,x,y,8:00 PM,good,"",""']
    newer = ['2022-11-02,x,y,8:00 PM,meh,"",""', *old]
    old_keys = [m.key for m in moods(daylio.parse(csv(H2019, *old)))]
    new_keys = [m.key for m in moods(daylio.parse(csv(H2019, *newer)))]
    assert new_keys[1:] == old_keys


# Headers


def test_a_file_without_its_header_is_recognised_by_its_shape():
    parsed = daylio.parse((FIXTURES / "headerless_v2021.csv").read_bytes())
    assert [(m.line, m.at, m.label, m.mood, m.note) for m in moods(parsed)] == [
        (1, datetime(2021, 9, 28, 22, 0), "sad", None, None),
        (2, datetime(2021, 9, 28, 9, 3), "good", 7, "Title"),
        (3, datetime(2021, 9, 27, 23, 54), "Gut", 7, None),
    ]
    assert moods(parsed)[0].activities == ("clean", "movies / tv")


def test_a_file_without_its_header_reports_errors_on_its_own_lines():
    data = b'2020-01-02,x,y,10:00,rad,"",""\n2020-01-01,x,y,later,rad,"",""\n'
    error = refused(data)
    assert (error.line, error.column) == (2, "4 (time)")
    assert refused(b'2020-01-02,x,y,10:00,rad,"",""\n2020-01-01,x,"y\n').line == 2


def test_a_headerless_sleep_export_of_nine_cells_reads_its_scales():
    data = '2026-01-01,x,y,08:00,rad,"","Sleep Time:\u00a06:15","",""\n'.encode()
    assert nights(daylio.parse(data))[0].asleep_minutes == 375


@pytest.mark.parametrize(
    "data",
    [b"hello,world\n1,2\n", b"2020-01-01,x,10:00,rad\n", b"Lorem ipsum dolor\n", b"[1, 2, 3]\n"],
)
def test_a_first_line_that_is_neither_header_nor_entry_is_refused(data):
    error = refused(data)
    assert "A Daylio export starts with a header line like full_date,date," in error.detail


def test_another_apps_csv_is_refused_naming_the_expected_columns():
    bearable = b"date,weekday,time of day,category,rating/amount,detail,notes\n"
    bearable += b'"22nd Sep 2020","Tue","am","Mood","7","",""\n'
    error = refused(bearable)
    assert "not a Daylio export" in error.detail
    assert "time, mood, activities" in error.detail and "full_date" in error.detail


# Files that are not readable at all


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (BOM + b"\n\n", "empty"),
        (csv(H2025), "no entries"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
        (csv(H2019, '2020-01-01,x,y,10:00,rad,"","a\0b"'), "NUL byte"),
        (H2019.encode() + b'\n2020-01-01,x,y,10:00,rad,"","caf\xe9"\n', "not UTF-8"),
        (csv(H2019, '2020-01-01,x,y,10:00,rad,"","never closed'), "never closed"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, words):
    assert words in refused(data).detail


def test_a_latin_1_note_is_refused_on_its_line():
    data = csv(H2019, '2020-01-01,x,y,10:00,rad,"",""') + b'2020-01-01,x,y,9:00,rad,"","caf\xe9"'
    assert refused(data).line == 3


# Never anything but Parsed or ImportFailed

# Whole headers and their prefixes (a header cut short), or none at all.
_HEADER = st.builds(
    lambda header, cut: header[:cut],
    st.sampled_from([H2017, H2019, H2021, H2025]),
    st.integers(0, 80),
)
_TOKENS = [
    *',"\n\r |:/-<>&;#.0123456789',
    *["\ufeff", "\u00a0", "\0", "é", "🎮", "2020-01-01", "10:00", "9:00 PM", "rad", "Gut"],
    *["Sleep Quality:", "Sleep Time:", "/10", "<br>", "Feb 1", "2017", "<![x", "&amp;"],
]
_CSVISH = st.lists(st.sampled_from(_TOKENS), max_size=80).map("".join)


def _outcome(data: bytes) -> None:
    try:
        result = daylio.parse(data)
    except ImportFailed as exc:
        assert exc.detail
    else:
        assert isinstance(result, Parsed) and result.rows >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_are_refused(data):
    _outcome(data)


@settings(max_examples=500, deadline=None)
@given(_HEADER, st.booleans(), _CSVISH)
def test_any_csv_like_text_parses_or_is_refused(header, bom, body):
    prefix = ("\ufeff" if bom else "") + (header + "\n" if header else "")
    _outcome((prefix + body).encode())


def test_an_empty_extra_cell_after_activities_is_refused_not_shifted():
    data = (
        b"full_date,date,weekday,time,mood,activities,note_title,note\r\n"
        b'2022-10-26,October 26,Wednesday,10:00 PM,good,board game,,"Title","The note."\r\n'
    )
    with pytest.raises(ImportFailed, match="Line 2: The row has more cells"):
        daylio.parse(data)


def test_a_non_empty_extra_cell_after_activities_is_still_refused():
    data = (
        b"full_date,date,weekday,time,mood,activities,note_title,note\r\n"
        b'2022-10-26,October 26,Wednesday,10:00 PM,good,board game,oops,"Title","The note."\r\n'
    )
    with pytest.raises(ImportFailed, match="Line 2: The row has more cells"):
        daylio.parse(data)


def test_polish_default_labels_map_by_themselves():
    data = "year,date,weekday,time,mood,activities,note\r\n" + "".join(
        f'2017,7 września,czwartek,12:1{n},{label},"",""\r\n'
        for n, label in enumerate(("wspaniale", "dobrze", "tak sobie", "źle", "okropnie"))
    )
    assert [r.mood for r in daylio.parse(data.encode()).records] == [9, 7, 5, 3, 1]
