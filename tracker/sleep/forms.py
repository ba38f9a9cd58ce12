"""Sleep diary and nap forms: shape only; the rules live in the services."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from tracker.forms import RequestKeyField, choices, wall_time_field
from tracker.sleep import measures, naps, services
from tracker.sleep.models import SleepEntry
from tracker.timeutils import from_wall, to_local

TIME_FORMATS = ["%H:%M", "%H:%M:%S"]  # browsers send seconds when a step below 60 is set
QUALITY_CHOICES = choices((str(k), label.capitalize()) for k, label in measures.QUALITY.items())


# The Today page's sleep diary shares one HTML form with other sections: its names carry this.
TODAY_PREFIX = "sleep"
TIME_MESSAGE = "Enter a time, like 23:15."


class PlainTimeField(TimeField):
    """A time of day whose unreadable input is answered in plain words."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(TIME_MESSAGE) from exc


class WholeNumberField(IntegerField):
    """A count whose unreadable input is answered in plain words (`plain`, set per field)."""

    def __init__(self, *args: object, plain: str = "Enter a whole number.", **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.plain = plain

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not str(valuelist[0]).strip():
            self.data = None  # left empty: not given (a required field says so itself)
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.plain) from exc

    def pre_validate(self, form: FlaskForm) -> None:
        # Unreadable input has its one message; the range check would add a second about it.
        if self.process_errors:
            raise StopValidation()


def _time(label: str, description: str | None = None, *, required: bool = True) -> TimeField:
    first = InputRequired(TIME_MESSAGE) if required else Optional()
    return PlainTimeField(label, format=TIME_FORMATS, validators=[first], description=description)


def _count(label: str, high: int, description: str, *, unit: str = "") -> IntegerField:
    """A diary count the user may not know: left empty it is recorded as not known (None),
    never as 0, which would be a night with no time to fall asleep or awake."""
    if unit:
        whole = f"Enter a whole number of {unit}, like 10, or leave it empty."
        scale = f"Enter 0 to {high} {unit}, or leave it empty."
    else:
        whole = "Enter a whole number, like 2, or leave it empty."
        scale = f"Enter 0 to {high}, or leave it empty."
    return WholeNumberField(
        label,
        validators=[Optional(), NumberRange(min=0, max=high, message=scale)],
        description=description,
        plain=whole,
    )


def _real_year(value: date | None) -> None:
    # Year 1 and the like would overflow when placed in a zone; the services judge the rest.
    if value is not None and not 1900 <= value.year <= 9000:
        raise ValidationError("Enter a real date, like 2025-03-30.")


class NightForm(FlaskForm):
    wake_day = DateField(
        "Morning you woke up",
        validators=[InputRequired("Enter the date you woke up.")],
        description="The night is filed under this date.",
    )
    into_bed = _time("Into bed", "Times from 12:00 on count as the evening before.")
    tried_to_sleep = _time("Tried to sleep")
    final_awakening = _time("Final awakening", "The last time you woke up.")
    out_of_bed = _time("Out of bed")
    sol_minutes = _count(
        "Minutes to fall asleep",
        measures.MAX_SOL,
        "After you tried to sleep. Leave empty if you don't know.",
        unit="minutes",
    )
    awakenings = _count(
        "Times you woke up in the night",
        measures.MAX_AWAKENINGS,
        "Leave empty if you don't know.",
    )
    waso_minutes = _count(
        "Minutes awake during the night",
        measures.MAX_WASO,
        "All the awakenings together, not counting the final one. Leave empty if you don't know.",
        unit="minutes",
    )
    quality = RadioField(
        "How well did you sleep?",
        choices=QUALITY_CHOICES,
        coerce=int,
        validators=[InputRequired("Choose how well you slept.")],
    )
    note = TextAreaField("Comments", validators=[Optional(), Length(max=services.NOTE_LIMIT)])
    row_version = HiddenField()
    request_key = RequestKeyField()

    def validate_wake_day(self, field: DateField) -> None:
        _real_year(field.data)

    def night(self, tz: str) -> services.Night:
        """The night as instants in zone `tz` (bed times from noon are the evening before)."""
        times = measures.place_night(
            self.wake_day.data,
            into_bed=self.into_bed.data,
            tried_to_sleep=self.tried_to_sleep.data,
            final_awakening=self.final_awakening.data,
            out_of_bed=self.out_of_bed.data,
            tz=tz,
        )
        return services.Night(
            times=times,
            sol_minutes=self.sol_minutes.data,
            awakenings=self.awakenings.data,
            waso_minutes=self.waso_minutes.data,
            quality=self.quality.data,
            note=self.note.data,
        )

    def shown_day(self) -> date | None:
        """The morning the form's night will be filed under, as typed (None when unreadable)."""
        return self.wake_day.data


class TodayNightForm(NightForm):
    """The Today page's diary: into bed, final awakening and quality are asked; the counts
    (minutes to fall asleep, awakenings, minutes awake), tried to sleep and out of bed sit
    under "more detail". Empty times read as going to bed and waking, which the page states
    beside them; empty counts are recorded as not known, never as a 0 nobody gave (a 0 would
    show as a better efficiency in the prescriber report)."""

    tried_to_sleep = _time("Tried to sleep", "Empty: when you went to bed.", required=False)
    out_of_bed = _time("Out of bed", "Empty: when you woke up.", required=False)

    DETAIL = ("sol_minutes", "awakenings", "waso_minutes", "tried_to_sleep", "out_of_bed")

    def detail_line(self) -> str:
        """The "more detail" summary: the counts it holds ('15 min to fall asleep · woke 2
        times, 10 min awake'), or what it asks for when they are empty."""
        given = services.counts_line(
            *(_given(f) for f in (self.sol_minutes, self.awakenings, self.waso_minutes))
        )
        return given or "minutes to fall asleep, awakenings, minutes awake, …"

    def detail_has_errors(self) -> bool:
        return any(self[name].errors for name in self.DETAIL)

    def night(self, tz: str) -> services.Night:
        """The night, the times left empty read as described on the class."""
        if self.tried_to_sleep.data is None:
            self.tried_to_sleep.data = self.into_bed.data
        if self.out_of_bed.data is None:
            self.out_of_bed.data = self.final_awakening.data
        return super().night(tz)


def _given(field: IntegerField) -> int | None:
    # A count as typed when it was accepted; a rejected one is answered beside its field.
    value = field.data
    whole = isinstance(value, int) and not isinstance(value, bool)
    return value if whole and not field.errors else None


def night_form(day: date, usual: services.UsualNight | None, **kwargs: object) -> NightForm:
    """A new-night form for the morning `day`, prefilled with a usual night when known."""
    values = asdict(usual) if usual else {}
    return NightForm(wake_day=day, **values, **kwargs)


def today_night_form(day: date, usual: services.UsualNight | None, **kwargs: object) -> NightForm:
    """The Today page's diary for the morning `day`, prefilled with a usual night when known."""
    values = asdict(usual) if usual else {}
    return TodayNightForm(wake_day=day, prefix=TODAY_PREFIX, **values, **kwargs)


def edit_form(entry: SleepEntry) -> NightForm:
    """An edit form for a logged night, in the zone it was logged in. A night known only by
    its length comes with its times and counts empty, for the user to give."""
    if not entry.times_known:
        return NightForm(
            wake_day=entry.day,
            quality=entry.quality,
            note=entry.note,
            row_version=entry.row_version,
        )

    def wall(instant: datetime) -> time:
        return to_local(instant, entry.tz).time()

    return NightForm(
        obj=entry,
        wake_day=entry.day,
        into_bed=wall(entry.at),
        tried_to_sleep=wall(entry.tried_to_sleep_at),
        final_awakening=wall(entry.final_awakening_at),
        out_of_bed=wall(entry.out_of_bed_at),
        row_version=entry.row_version,
    )


class NapForm(FlaskForm):
    start = wall_time_field("Started at", validators=[InputRequired("Enter when the nap started.")])
    minutes = IntegerField(
        "Minutes",
        validators=[
            InputRequired("Enter how long the nap was, in minutes."),
            NumberRange(min=1, max=naps.MAX_NAP_MINUTES, message="Enter 1 to 600 minutes."),
        ],
    )
    note = TextAreaField("Comments", validators=[Optional(), Length(max=services.NOTE_LIMIT)])
    row_version = HiddenField()
    request_key = RequestKeyField()

    def validate_start(self, field: DateTimeLocalField) -> None:
        _real_year(field.data)

    def fields(self, tz: str) -> dict:
        """The nap as the services take it, its wall-clock start read in zone `tz`."""
        return {
            "start": from_wall(self.start.data, tz),
            "minutes": self.minutes.data,
            "note": self.note.data,
        }


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for deletions."""
