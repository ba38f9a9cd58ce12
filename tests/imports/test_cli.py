"""`tracker import --source ...`: the same preview and import as the page, from a shell."""

from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import make_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports.models import ImportBatch

FIXTURES = Path(__file__).parent / "fixtures" / "flow"
DAYLIO = str(FIXTURES / "daylio_short.csv")


def _run(app, *args: str):  # noqa: ANN001, ANN202
    base = ["tracker", "import", "--user", "ada@example.org", "--source", "daylio"]
    return app.test_cli_runner().invoke(args=[*base, *args])


def _moods(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MoodCheckin))


def test_a_dry_run_prints_the_preview_and_adds_nothing(app):
    make_user(app)
    result = _run(app, "--dry-run", "--map", "Depressed=2", DAYLIO)
    assert result.exit_code == 0, result.output
    assert "Would add 3 mood check-ins" in result.output
    assert "mood “Depressed” (1×) → 2 [chosen]" in result.output
    assert "mood “rad” (1×) → 9 [automatic]" in result.output
    assert "Dry run: nothing was added." in result.output
    assert _moods(app) == 0


def test_an_unmapped_label_stops_the_import_and_says_which(app):
    make_user(app)
    result = _run(app, DAYLIO)
    assert result.exit_code != 0
    assert "Nothing was imported. Choose what these mean before importing: “Depressed”" in (
        result.output
    )
    dry = _run(app, "--dry-run", DAYLIO)
    assert "mood “Depressed” (1×) → not chosen yet [← choose]" in dry.output
    assert _moods(app) == 0


def test_the_import_runs_once_and_a_second_run_adds_nothing(app):
    make_user(app)
    first = _run(app, "--map", "Depressed=2", "--map", "meditation=practice:mindfulness:10", DAYLIO)
    assert first.exit_code == 0, first.output
    assert "Imported 3 mood check-ins, 1 practice entry, 1 activity session." in first.output
    second = _run(app, "--map", "Depressed=2", DAYLIO)
    assert second.exit_code == 0
    assert "Imported nothing new." in second.output
    assert "Already imported before, not added again: 3." in second.output
    assert _moods(app) == 3
    with app.app_context():
        # the second run added nothing, so it made no batch
        assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_a_map_that_does_not_fit_is_a_clear_error(app):
    make_user(app)
    result = _run(app, "--map", "Elated=3", DAYLIO)
    assert result.exit_code != 0
    assert "--map “Elated” is not in the file" in result.output
    assert _moods(app) == 0


def test_a_refused_file_names_its_line(app, tmp_path):
    make_user(app)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        b"full_date,date,weekday,time,mood,activities,note\r\n2026-05-01,a,b,25:99,good,,\r\n"
    )
    result = _run(app, str(bad))
    assert result.exit_code != 0 and "Line 2" in result.output
    assert _moods(app) == 0
