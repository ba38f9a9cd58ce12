"""Shared drawing helpers: date ticks, change numbering, the style."""

from __future__ import annotations

from datetime import date

from tracker.charts import style
from tracker.charts.render.base import change_groups, tick_days
from tracker.charts.series import Change, Frame


def test_short_ranges_tick_every_day_or_two():
    assert tick_days(date(2025, 8, 1), date(2025, 8, 5), 5) == [
        date(2025, 8, n) for n in range(1, 6)
    ]
    assert tick_days(date(2025, 8, 1), date(2025, 8, 9), 5) == [
        date(2025, 8, n) for n in (1, 3, 5, 7, 9)
    ]


def test_a_month_ticks_on_mondays():
    ticks = tick_days(date(2025, 8, 1), date(2025, 8, 31), 5)
    assert ticks == [date(2025, 8, n) for n in (4, 11, 18, 25)]
    assert all(t.weekday() == 0 for t in ticks)


def test_long_ranges_tick_on_month_starts():
    assert tick_days(date(2025, 8, 1), date(2025, 10, 30), 5) == [
        date(2025, 8, 1),
        date(2025, 9, 1),
        date(2025, 10, 1),
    ]
    year = tick_days(date(2025, 1, 1), date(2025, 12, 31), 5)
    assert year == [date(2025, m, 1) for m in (1, 4, 7, 10)]


def test_day_labels_are_compact():
    assert style.day_label(date(2025, 8, 3)) == "3 Aug"
    assert style.day_label(date(2025, 8, 3), year=True) == "3 Aug 2025"


def test_changes_on_one_day_share_a_number_and_changes_outside_are_left_out():
    frame = Frame(
        date(2025, 8, 1),
        date(2025, 8, 31),
        [
            Change(date(2025, 8, 20), "b"),
            Change(date(2025, 8, 5), "a"),
            Change(date(2025, 8, 20), "c"),
            Change(date(2025, 9, 2), "outside"),
        ],
    )
    groups = change_groups(frame)
    assert [(g.number, g.day, g.labels) for g in groups] == [
        (1, date(2025, 8, 5), ("a",)),
        (2, date(2025, 8, 20), ("b", "c")),
    ]


def test_the_palette_is_okabe_ito():
    assert set(style.CYCLE) <= set(style.OKABE_ITO.values())
    assert style.FONT_SIZE >= 9
