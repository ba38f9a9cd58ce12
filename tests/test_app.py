"""create_app: where the instance folder is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import config
from tracker.app import create_app


def test_tracker_instance_path_moves_the_instance_folder(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path / "data"))
    settings = config(database_url, "")
    del settings["INSTANCE_PATH"]
    assert create_app(settings).instance_path == str(tmp_path / "data")
    assert create_app(config(database_url, str(tmp_path / "given"))).instance_path == str(
        tmp_path / "given"
    )
