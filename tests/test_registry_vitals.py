"""Guards for the vitals/labs part of the registry: the demo walks every kind's `demo`."""

from dataclasses import replace

from tests.conftest import NOW
from tracker import registry
from tracker.cli import demo
from tracker.extensions import db


def test_the_demo_calls_each_kinds_demo_with_the_user_story_and_its_own_rng(app, monkeypatch):
    calls = []
    spy = replace(registry.BY_KEY["therapy"], key="spy", demo=lambda *args: calls.append(args))
    monkeypatch.setattr(demo, "KINDS", (*registry.KINDS, spy))
    with app.app_context():
        user = demo.build_demo(days=14, timezone="UTC", now=NOW)
        db.session.commit()
        [(who, story, rng, now)] = calls
        assert (who.id, story.today, now) == (user.id, NOW.date(), NOW)
        assert rng.random() != demo.random.Random(7).random()  # its own, not the doses' rng


def test_every_kind_with_entries_in_the_registry_has_a_demo_or_says_why():
    # The kinds that predate the field fill the demo from tracker/cli/demo_journal.py.
    older = {"doses", "symptoms", "checkins", "sleep", "activity", "therapy", "questionnaires"}
    older |= {"appointments"}
    assert {k.key for k in registry.KINDS if k.demo is None} <= older
