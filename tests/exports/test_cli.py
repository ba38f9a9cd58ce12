"""`flask --app wsgi tracker export` and `tracker import`: the same services as Settings."""

import io
import json
import zipfile

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account, get_user
from tracker.exports import services


def test_export_writes_each_format_to_the_file(app, tmp_path):
    with app.app_context():
        full_account()
    runner = app.test_cli_runner()
    for fmt in ("json", "csv", "fhir"):
        out = tmp_path / f"out-{fmt}"
        result = runner.invoke(
            args=["tracker", "export", "--user", "Ada@Example.org", "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.output
    assert json.loads((tmp_path / "out-json").read_bytes())["format"] == "tracker-account"
    assert json.loads((tmp_path / "out-fhir").read_bytes())["resourceType"] == "Bundle"
    assert (
        "tracker-export/dose_events.csv"
        in zipfile.ZipFile(io.BytesIO((tmp_path / "out-csv").read_bytes())).namelist()
    )


def test_import_reads_a_file_into_an_empty_account_and_refuses_it_twice(app, tmp_path):
    path = tmp_path / "export.json"
    with app.app_context():
        path.write_bytes(services.export(full_account(), "json", now=NOW).data)
        target = empty_user("bob@example.org").id
    runner = app.test_cli_runner()
    args = ["tracker", "import", "--user", "bob@example.org", str(path)]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Imported 3 medications" in first.output
    second = runner.invoke(args=args)
    assert second.exit_code != 0
    assert "Nothing was imported. This account already holds medications" in second.output
    with app.app_context():
        assert services.export(get_user(target), "json", now=NOW).data == path.read_bytes()


def test_import_of_a_broken_file_names_the_place_and_adds_nothing(app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "tracker-account",\n "format_version": 1,\n "profile": {,}\n}')
    with app.app_context():
        target = empty_user("bob@example.org").id
    result = app.test_cli_runner().invoke(
        args=["tracker", "import", "--user", "bob@example.org", str(path)]
    )
    assert result.exit_code != 0 and "line 3, column 14" in result.output
    with app.app_context():
        assert services.export(get_user(target), "json", now=NOW).data.count(b"ref") == 0


def test_an_unknown_user_is_a_clear_error(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["tracker", "export", "--user", "nobody@example.org", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code != 0 and "No account with the email nobody@example.org" in result.output
