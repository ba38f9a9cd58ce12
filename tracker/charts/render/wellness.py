"""Activity, practices, caffeine and alcohol per week (chart 6); therapy sessions (chart 7).

Chart 6 sums per Monday-to-Sunday week: per-day bars over three months are too thin to read on
a phone. Weeks only partly inside the range are hatched, since their totals cover fewer days.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from tracker.charts import style
from tracker.charts.render.base import (
    empty_panel,
    heading,
    new_figure,
    not_enough,
    plain,
    styled,
    time_figure,
    to_bytes,
    x,
)
from tracker.charts.render.layout import arrange
from tracker.charts.series import (
    ActivityDay,
    ActivitySeries,
    Frame,
    TherapySeries,
    WeekTotal,
    enough,
    modality_counts,
    weekly_totals,
)
from tracker.charts.style import Size

ACTIVITY_TITLE = "Activity, practices and substances"
THERAPY_TITLE = "Therapy"
# The homework given is the hatched bar that the homework done fills (the sessions panel is
# named by its axis, so its bars need no legend entry).
GIVEN_BARS = {
    "color": style.HOMEWORK_GIVEN,
    "hatch": "////",
    "hatchcolor": style.HATCH_COLOUR,
    "linewidth": 0,
}
MAX_PRACTICES = 4
OTHER_PRACTICES = "Other practices"
PARTIAL_LABEL = "Week partly outside the range"
# A week cut by the range: a dashed outline (the practices' hatches tell them apart).
PARTIAL_WEEK = {"edgecolor": "black", "linestyle": (0, (2.5, 1.5)), "linewidth": 0.8}
PANELS = (
    ("Activity\n(minutes\nper week)", style.ACTIVITY),
    ("Practices\n(minutes\nper week)", None),
    ("Caffeine\n(drinks\nper week)", style.CAFFEINE),
    ("Alcohol\n(units per week,\n1 unit = 10 g)", style.ALCOHOL),
)


def _logged(day: ActivityDay) -> bool:
    return bool(
        day.activity_minutes
        or any(day.practice_minutes.values())
        or day.caffeine_drinks
        or day.alcohol_units
    )


def _weeks(series: ActivitySeries, frame: Frame, value: Callable[[ActivityDay], float]) -> list:
    return weekly_totals([(d.day, value(d)) for d in series.days], frame.first, frame.last)


def _bars(
    ax: Axes, weeks: Sequence[WeekTotal], colour: str, bottom: Sequence[float], hatch: str = ""
) -> None:
    bars = ax.bar(
        [x(w.week_start) - 0.5 for w in weeks],
        [w.total for w in weeks],
        width=7,
        bottom=list(bottom),
        align="edge",
        color=colour,
        edgecolor="white",
        linewidth=0.8,
        hatch=hatch or None,
        hatchcolor=style.HATCH_COLOUR,
        zorder=1,
    )
    for bar, week in zip(bars, weeks, strict=True):
        if week.days_in_range < 7:
            bar.set(**PARTIAL_WEEK)


def _axis(ax: Axes, label: str, totals: Sequence[float]) -> None:
    ax.set_ylabel(label)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.set_ylim(0, max(max(totals, default=0) * 1.1, 1))
    if not any(totals):
        empty_panel(ax, "None logged in this range")


def practice_names(series: ActivitySeries, frame: Frame) -> list[str]:
    """Practices by total minutes in the frame, most first; the rest are drawn as one."""
    totals: dict[str, float] = {}
    for day in series.days:
        if day.day in frame:
            for name, minutes in day.practice_minutes.items():
                totals[name] = totals.get(name, 0) + minutes
    return sorted((n for n, t in totals.items() if t), key=lambda n: (-totals[n], n.casefold()))


def _draw_practices(ax: Axes, series: ActivitySeries, frame: Frame) -> list[tuple[str, int]]:
    names = practice_names(series, frame)
    shown = names if len(names) <= MAX_PRACTICES + 1 else names[:MAX_PRACTICES]
    groups = [(name, [name]) for name in shown]
    if len(shown) < len(names):
        groups.append((OTHER_PRACTICES, names[len(shown) :]))
    bottom: list[float] = []
    entries = []
    for n, (label, members) in enumerate(groups):
        weeks = _weeks(
            series, frame, lambda d, m=members: sum(d.practice_minutes.get(k, 0) for k in m)
        )
        bottom = bottom or [0.0] * len(weeks)
        _bars(ax, weeks, style.PRACTICES[n], bottom, style.PRACTICE_HATCHES[n])
        bottom = [b + w.total for b, w in zip(bottom, weeks, strict=True)]
        entries.append((label, n))
    _axis(ax, PANELS[1][0], bottom)
    return entries


def activity_figure(series: ActivitySeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Chart 6: four bar panels on one time axis, totals per week."""
    with styled(size):
        if not enough([d.day for d in series.days if _logged(d)], frame):
            return not_enough(ACTIVITY_TITLE, size)
        big, small = style.HEIGHT["panel"] * 0.85, style.HEIGHT["small_panel"]
        entries_guess = min(len(practice_names(series, frame)), MAX_PRACTICES + 1) + 3
        fig, axes = time_figure(frame, size, [big, big, small, small], -(-entries_guess // 2))
        values = (
            lambda d: d.activity_minutes,
            None,
            lambda d: d.caffeine_drinks,
            lambda d: d.alcohol_units,
        )
        entries = []
        for ax, (label, colour), value in zip(axes, PANELS, values, strict=True):
            if value is None:
                entries += _draw_practices(ax, series, frame)
                continue
            weeks = _weeks(series, frame, value)
            _bars(ax, weeks, colour, [0.0] * len(weeks))
            _axis(ax, label, [w.total for w in weeks])
        handles = [
            Patch(
                fc=style.PRACTICES[n],
                ec="white",
                hatch=style.PRACTICE_HATCHES[n] or None,
                hatchcolor=style.HATCH_COLOUR,
            )
            for _, n in entries
        ]
        labels = [label for label, _ in entries]
        if any(w.days_in_range < 7 for w in weekly_totals([], frame.first, frame.last)):
            handles.append(Patch(fill=False, **PARTIAL_WEEK))
            labels.append(PARTIAL_LABEL)
        heading(fig, ACTIVITY_TITLE, handles, labels)
        return arrange(fig)


def render_activity(
    series: ActivitySeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 6 as PNG or SVG bytes."""
    with styled():
        return to_bytes(activity_figure(series, frame, size=size), fmt)


# --- Therapy -----------------------------------------------------------------------------


def _bar_name(name: str) -> str:
    """At most two lines of 22 characters: a bar row is 0.42 in, and a long name would leave
    no width for the bars."""
    return plain("\n".join(textwrap.wrap(name, 22, max_lines=2, placeholder="…")))


def _count_axis(ax: Axes, names: Sequence[str], label: str, right: float) -> None:
    ax.set_yticks(range(len(names)), [_bar_name(name) for name in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlabel(label)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlim(0, right)
    ax.grid(False)
    ax.grid(axis="x")
    ax.tick_params(axis="y", length=0)


def therapy_figure(series: TherapySeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Chart 7: sessions per modality, and homework done out of homework given."""
    with styled(size):
        if not enough([s.day for s in series.sessions], frame):
            return not_enough(THERAPY_TITLE, size)
        rows = modality_counts(series.sessions, frame)
        names = [r.modality for r in rows]
        block = len(rows) * style.HEIGHT["bars_row"] + 0.55
        fig = new_figure(size, 2 * block + style.HEIGHT["title"] + 2 * style.HEIGHT["legend_row"])
        sessions_ax, homework_ax = fig.subplots(2, 1, height_ratios=[block, block])
        positions = range(len(rows))
        bars = sessions_ax.barh(positions, [r.sessions for r in rows], 0.7, color=style.SESSIONS)
        sessions_ax.bar_label(bars, padding=3)
        most = max(r.sessions for r in rows)
        _count_axis(sessions_ax, names, "Sessions (count)", most * 1.15 + 0.5)  # room for "6"
        given = [r.homework_given for r in rows]
        homework_ax.barh(positions, given, 0.7, **GIVEN_BARS)
        homework_ax.barh(positions, [r.homework_done for r in rows], 0.4, color=style.HOMEWORK_DONE)
        for n, row in enumerate(rows):
            words = (
                f"{row.homework_done} of {row.homework_given} done"
                if row.homework_given
                else "none given"
            )
            homework_ax.annotate(
                words,
                (row.homework_given, n),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
            )
        # The right 45% holds "3 of 6 done".
        _count_axis(homework_ax, names, "Homework (count)", max(max(given), 1) / 0.55)
        heading(
            fig,
            f"{THERAPY_TITLE}, {style.day_label(frame.first)} to {style.day_label(frame.last)}",
            [Patch(**GIVEN_BARS), Patch(color=style.HOMEWORK_DONE)],
            ["Homework given", "Homework done"],
        )
        return arrange(fig)


def render_therapy(
    series: TherapySeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 7 as PNG or SVG bytes."""
    with styled():
        return to_bytes(therapy_figure(series, frame, size=size), fmt)
